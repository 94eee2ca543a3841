package publish_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/publish"
	"github.com/gdx-exchange/gdx/opendata/publish/ckantest"
)

func TestPublishFirstRunCreatesEverything(t *testing.T) {
	srv := ckantest.New(t, token)
	pkgs := fixture()
	var progress []publish.Progress
	r, err := publish.Publish(context.Background(), newClient(t, srv, token), pkgs, publish.Options{},
		func(p publish.Progress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Organizations.Created; !slices.Equal(got, []string{"dla", "dbd"}) {
		t.Errorf("organisations created = %v", got)
	}
	if got := r.Packages.Created; !slices.Equal(got, names(pkgs)) {
		t.Errorf("packages created = %v", got)
	}
	if len(r.Resources.Created) != 4 || len(r.Failures) != 0 || r.Err() != nil || !r.Changed() {
		t.Errorf("report = %+v", r)
	}
	assertRemoteHolds(t, srv, pkgs, byAgency)
	if orgs := srv.Organizations(); len(orgs) != 2 || orgs[1]["title"] != "กรมส่งเสริมการปกครองท้องถิ่น" {
		t.Errorf("remote organisations = %v", orgs)
	}
	if len(progress) != 3 || progress[2].Done != 3 || progress[2].Total != 3 || progress[0].Outcome != publish.Created {
		t.Errorf("progress = %+v", progress)
	}
}

func TestPublishSecondRunChangesNothing(t *testing.T) {
	srv := ckantest.New(t, token)
	c := newClient(t, srv, token)
	publishAll(t, c, fixture(), publish.Options{})
	srv.ResetCalls()

	r := publishAll(t, c, fixture(), publish.Options{})
	if n := srv.Writes(); n != 0 {
		t.Fatalf("second run made %d write calls: %v", n, actions(writes(srv.Calls())))
	}
	if r.Changed() || len(r.Packages.Unchanged) != 3 || len(r.Resources.Unchanged) != 4 || len(r.Organizations.Unchanged) != 2 {
		t.Errorf("report = %+v", r)
	}
	var b strings.Builder
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Nothing changed") {
		t.Errorf("table does not say nothing changed:\n%s", b.String())
	}
}

func TestPublishPatchesOnlyTheChangedPackage(t *testing.T) {
	srv := ckantest.New(t, token)
	c := newClient(t, srv, token)
	publishAll(t, c, fixture(), publish.Options{})
	srv.ResetCalls()

	pkgs := fixture()
	changed := &pkgs[0]
	changed.Title = "ใบอนุญาตจำหน่ายอาหาร (ปรับปรุง)"
	changed.Resources[1].URL = "https://gdx.example/download/dla-food-v2.json"
	changed.Resources = append(changed.Resources[:1], changed.Resources[1],
		resource(changed.Name, "licences.parquet", "Parquet", "https://gdx.example/download/dla-food.parquet"))
	r := publishAll(t, c, pkgs, publish.Options{})

	w := writes(srv.Calls())
	if got := actions(w); !slices.Equal(got, []string{"package_patch", "resource_patch", "resource_create"}) {
		t.Fatalf("writes = %v", got)
	}
	if p := w[0].Params; len(p) != 2 || p["title"] != changed.Title {
		t.Errorf("package_patch sent %v, want only id and title", p)
	}
	if p := w[1].Params; len(p) != 2 || p["url"] != changed.Resources[1].URL {
		t.Errorf("resource_patch sent %v, want only id and url", p)
	}
	if !slices.Equal(r.Packages.Updated, []string{changed.Name}) || len(r.Packages.Unchanged) != 2 {
		t.Errorf("packages = %+v", r.Packages)
	}
	if len(r.Resources.Updated) != 1 || len(r.Resources.Created) != 1 || len(r.Resources.Unchanged) != 3 {
		t.Errorf("resources = %+v", r.Resources)
	}
	assertRemoteHolds(t, srv, pkgs, byAgency)
}

func TestPublishDeletesResourcesAndPackagesWeNoLongerPublish(t *testing.T) {
	srv := ckantest.New(t, token)
	c := newClient(t, srv, token)
	publishAll(t, c, fixture(), publish.Options{})
	srv.ResetCalls()

	pkgs := fixture()
	pkgs[0].Resources = pkgs[0].Resources[:1]
	pkgs[2].State = opendata.StateDeleted
	r := publishAll(t, c, pkgs, publish.Options{})
	if got := actions(writes(srv.Calls())); !slices.Equal(got, []string{"resource_delete", "package_delete"}) {
		t.Fatalf("writes = %v", got)
	}
	if len(r.Resources.Deleted) != 1 || !slices.Equal(r.Packages.Deleted, []string{"dbd-factory-licences"}) {
		t.Errorf("report = %+v", r)
	}
	assertRemoteHolds(t, srv, pkgs[:2], byAgency)
	srv.ResetCalls()
	if r := publishAll(t, c, pkgs, publish.Options{}); r.Changed() || srv.Writes() != 0 {
		t.Errorf("third run changed %+v with %d writes", r, srv.Writes())
	}
}

func TestPublishRetriesAServerFlake(t *testing.T) {
	srv := ckantest.New(t, token)
	srv.FailNext("organization_show", http.StatusInternalServerError)
	srv.FailNext("package_create", http.StatusServiceUnavailable)
	r := publishAll(t, newClient(t, srv, token), fixture(), publish.Options{})
	if len(r.Failures) != 0 || len(r.Packages.Created) != 3 {
		t.Fatalf("report = %+v", r)
	}
	var statuses []int
	for _, c := range srv.Calls() {
		if c.Action == "package_create" {
			statuses = append(statuses, c.Status)
		}
	}
	if !slices.Equal(statuses, []int{503, 200, 200, 200}) {
		t.Errorf("package_create statuses = %v, want one 503 retried", statuses)
	}
	assertRemoteHolds(t, srv, fixture(), byAgency)
}

func TestPublishRefusedTokenStopsAtOnce(t *testing.T) {
	srv := ckantest.New(t, token)
	r, err := publish.Publish(context.Background(), newClient(t, srv, "not-a-token"), fixture(), publish.Options{}, nil)
	if err == nil {
		t.Fatal("Publish with a refused token succeeded")
	}
	const msg = "Access denied: Action organization_create requires an authenticated user"
	if !strings.Contains(err.Error(), msg) || !publish.IsForbidden(err) {
		t.Errorf("error = %v, want CKAN's message %q", err, msg)
	}
	if strings.Contains(err.Error(), "not-a-token") {
		t.Errorf("error leaks the token: %v", err)
	}
	calls := srv.Calls()
	if got := actions(calls); !slices.Equal(got, []string{"status_show", "organization_show", "organization_create"}) {
		t.Errorf("calls = %v, want the run to stop at the first refused call", got)
	}
	if len(srv.Packages()) != 0 || len(srv.Organizations()) != 0 || r.Changed() {
		t.Errorf("remote changed: %v %v", srv.Packages(), srv.Organizations())
	}
}

func TestPublishReportsARefusedPackageAndGoesOn(t *testing.T) {
	srv := ckantest.New(t, token)
	pkgs := fixture()
	bad := &pkgs[1]
	bad.DataCategory = "ข้อมูลเปิด"
	bad.Tags = append(bad.Tags, opendata.NewTag("x"))
	r := publishAll(t, newClient(t, srv, token), pkgs, publish.Options{})

	if !slices.Equal(r.Packages.Failed, []string{bad.Name}) || len(r.Packages.Created) != 2 {
		t.Fatalf("packages = %+v", r.Packages)
	}
	f := r.Failures[0]
	if f.Status != 409 || f.Type != "Validation Error" || f.Action != "package_create" {
		t.Errorf("failure = %+v", f)
	}
	if len(r.Notes) != 1 || r.Notes[0].Name != bad.Name || !strings.Contains(r.Notes[0].Message, `"x"`) {
		t.Errorf("notes = %+v, want the one-letter tag left out", r.Notes)
	}
	if got := f.Fields["data_category"]; len(got) != 1 || !strings.HasPrefix(got[0], "Value must be one of ['ข้อมูลสาธารณะ'") {
		t.Errorf("data_category error = %v", got)
	}
	if err := r.Err(); err == nil || !strings.Contains(err.Error(), bad.Name) {
		t.Errorf("Err() = %v", err)
	}
	assertRemoteHolds(t, srv, []opendata.Package{pkgs[0], pkgs[2]}, byAgency)
}

func TestPublishUnderOneOrganization(t *testing.T) {
	srv := ckantest.New(t, token)
	c := newClient(t, srv, token)
	if err := c.Call(context.Background(), "organization_create", map[string]any{"name": "gdx-th", "title": "gdx"}, nil); err != nil {
		t.Fatal(err)
	}
	srv.ResetCalls()
	r := publishAll(t, c, fixture(), publish.Options{Org: "gdx-th"})
	if slices.Contains(actions(srv.Calls()), "organization_create") || len(r.Packages.Created) != 3 {
		t.Errorf("calls = %v, report = %+v", actions(srv.Calls()), r)
	}
	assertRemoteHolds(t, srv, fixture(), func(opendata.Package) string { return "gdx-th" })
	if len(srv.Organizations()) != 1 {
		t.Errorf("organisations = %v", srv.Organizations())
	}

	_, err := publish.Publish(context.Background(), c, fixture(), publish.Options{Org: "no-such-org"}, nil)
	if err == nil || !strings.Contains(err.Error(), `"no-such-org" does not exist`) {
		t.Errorf("unknown --org: %v", err)
	}
}

func TestPublishMovesAPackageToItsNewOrganization(t *testing.T) {
	srv := ckantest.New(t, token)
	c := newClient(t, srv, token)
	publishAll(t, c, fixture(), publish.Options{})
	pkgs := fixture()
	pkgs[1].Organization = agency("DBD", "กรมพัฒนาธุรกิจการค้า")
	srv.ResetCalls()
	r := publishAll(t, c, pkgs, publish.Options{})
	w := writes(srv.Calls())
	if got := actions(w); !slices.Equal(got, []string{"package_patch"}) || w[0].Params["owner_org"] == nil {
		t.Fatalf("writes = %v %v", got, w)
	}
	if !slices.Equal(r.Packages.Updated, []string{pkgs[1].Name}) {
		t.Errorf("report = %+v", r.Packages)
	}
	assertRemoteHolds(t, srv, pkgs, byAgency)
}

func TestPublishRecoversFromALostCreateAnswer(t *testing.T) {
	srv := ckantest.New(t, token)
	srv.LoseNextAnswer("organization_create", http.StatusGatewayTimeout)
	srv.LoseNextAnswer("package_create", http.StatusBadGateway)
	r := publishAll(t, newClient(t, srv, token), fixture(), publish.Options{})
	if len(r.Failures) != 0 || r.Err() != nil {
		t.Fatalf("failures = %+v", r.Failures)
	}
	assertRemoteHolds(t, srv, fixture(), byAgency)
	if orgs := srv.Organizations(); len(orgs) != 2 {
		t.Errorf("organisations = %v", orgs)
	}
}

// callerFunc is a Caller made of a function, for answers the imitation
// CKAN does not give.
type callerFunc func(ctx context.Context, action string, params, result any) error

func (f callerFunc) Call(ctx context.Context, action string, params, result any) error {
	return f(ctx, action, params, result)
}

func TestPublishTreatsARefusedReadAsOnePackagesFailure(t *testing.T) {
	srv := ckantest.New(t, token)
	real := newClient(t, srv, token)
	pkgs := fixture()
	c := callerFunc(func(ctx context.Context, action string, params, result any) error {
		if action == "package_show" && params.(map[string]any)["id"] == pkgs[0].Name {
			return &publish.APIError{Action: action, Status: 403, Type: "Authorization Error",
				Message: "Access denied: User publisher not authorized to read package " + pkgs[0].Name}
		}
		return real.Call(ctx, action, params, result)
	})
	r := publishAll(t, c, pkgs, publish.Options{})
	if !slices.Equal(r.Packages.Failed, []string{pkgs[0].Name}) || len(r.Packages.Created) != 2 {
		t.Errorf("packages = %+v", r.Packages)
	}
}

func TestPublishRefusesABadOrganizationName(t *testing.T) {
	if _, err := publish.Publish(context.Background(), callerFunc(nil), fixture(), publish.Options{Org: "Not A Name"}, nil); err == nil {
		t.Error("Publish accepted --org \"Not A Name\"")
	}
}

func TestPublishIsIdempotentOnAStockCKANToo(t *testing.T) {
	srv := ckantest.New(t, token)
	srv.SetSchema(ckantest.Core)
	c := newClient(t, srv, token)
	first := publishAll(t, c, fixture(), publish.Options{})
	if len(first.Packages.Created) != 3 || first.Err() != nil || len(first.Notes) != 3 {
		t.Fatalf("first run: %+v", first)
	}
	for _, p := range srv.Packages() {
		if tags := pluck(p["tags"], "name"); !slices.Equal(tags, []string{"licence"}) {
			t.Errorf("%s: tags %v, want the Thai one left out", p["name"], tags)
		}
	}
	srv.ResetCalls()
	r := publishAll(t, c, fixture(), publish.Options{})
	if r.Changed() || srv.Writes() != 0 {
		t.Errorf("second run on a CKAN that drops the GD-Catalog fields wrote %v", actions(writes(srv.Calls())))
	}
}

func TestPublishReportsThaiGDCsRequiredFields(t *testing.T) {
	srv := ckantest.New(t, token)
	pkgs := fixture()
	pkgs[2].MaintainerEmail = ""
	r := publishAll(t, newClient(t, srv, token), pkgs, publish.Options{})
	if len(r.Failures) != 1 || !slices.Equal(r.Failures[0].Fields["maintainer_email"], []string{"Missing value"}) {
		t.Errorf("failures = %+v", r.Failures)
	}
}

func TestPublishStopsAtAURLThatIsNotCKAN(t *testing.T) {
	site := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(site.Close)
	c, err := publish.NewClient(publish.ClientConfig{URL: site.URL, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	_, err = publish.Publish(context.Background(), c, fixture(), publish.Options{}, nil)
	if err == nil || !strings.Contains(err.Error(), "does not answer as CKAN's action API") || publish.IsNotFound(err) {
		t.Errorf("err = %v", err)
	}
}

func TestPublishStopsWhenTheRemoteLacksAnAction(t *testing.T) {
	srv := ckantest.New(t, token)
	c := newClient(t, srv, token)
	publishAll(t, c, fixture(), publish.Options{})
	pkgs := fixture()
	pkgs[0].Title, pkgs[1].Title = "changed", "changed too"
	old := callerFunc(func(ctx context.Context, action string, params, result any) error {
		if action == "package_patch" {
			// CKAN before 2.3 has no package_patch.
			return &publish.APIError{Action: action, Status: 400, Message: "Bad request: Action name not known: package_patch"}
		}
		return c.Call(ctx, action, params, result)
	})
	srv.ResetCalls()
	if _, err := publish.Publish(context.Background(), old, pkgs, publish.Options{}, nil); err == nil ||
		!strings.Contains(err.Error(), "Action name not known: package_patch") {
		t.Errorf("err = %v", err)
	}
	if n := len(srv.Calls()); n != 4 {
		t.Errorf("%d calls after the unknown action, want the run to stop there", n)
	}
}

func TestPublishKeepsOurResourceOrder(t *testing.T) {
	srv := ckantest.New(t, token)
	c := newClient(t, srv, token)
	publishAll(t, c, fixture(), publish.Options{})
	pkgs := fixture()
	first := resource(pkgs[0].Name, "readme", "PDF", "https://gdx.example/download/readme.pdf")
	pkgs[0].Resources = []opendata.Resource{first, pkgs[0].Resources[1], pkgs[0].Resources[0]}
	srv.ResetCalls()
	publishAll(t, c, pkgs, publish.Options{})
	if got := actions(writes(srv.Calls())); !slices.Equal(got, []string{"resource_create", "package_resource_reorder"}) {
		t.Fatalf("writes = %v", got)
	}
	assertRemoteHolds(t, srv, pkgs, byAgency)
	srv.ResetCalls()
	if r := publishAll(t, c, pkgs, publish.Options{}); r.Changed() || srv.Writes() != 0 {
		t.Errorf("third run wrote %v", actions(writes(srv.Calls())))
	}
}

func TestPublishAssumesAStockCKANWhenStatusShowIsRefused(t *testing.T) {
	srv := ckantest.New(t, token)
	real := newClient(t, srv, token)
	c := callerFunc(func(ctx context.Context, action string, params, result any) error {
		if action == "status_show" {
			return &publish.APIError{Action: action, Status: 403, Type: "Authorization Error", Message: "Access denied"}
		}
		return real.Call(ctx, action, params, result)
	})
	r := publishAll(t, c, fixture(), publish.Options{})
	if len(r.Packages.Created) != 3 || len(r.Notes) != 4 || r.Notes[0].Kind != "site" {
		t.Errorf("report = %+v", r)
	}
}
