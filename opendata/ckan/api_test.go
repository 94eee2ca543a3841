package ckan_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata"
)

// TestRequestForms sends one request every way CKAN accepts it: the same
// answer must come back.
func TestRequestForms(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		base := f.srv.URL + "/api/3/action/package_search"
		form := url.Values{"q": {"ทะเบียน"}, "rows": {"2"}, "facet.field": {`["tags"]`}}
		jsonBody := `{"q": "ทะเบียน", "rows": 2, "facet.field": ["tags"]}`
		want := do(t, http.MethodGet, base+"?"+form.Encode(), "", nil)
		if want.Status != http.StatusOK || want.Type != "application/json;charset=utf-8" {
			t.Fatalf("GET answered %d %s: %s", want.Status, want.Type, truncate(want.Body))
		}
		forms := []struct {
			name                 string
			method, u, ctype, in string
		}{
			{"legacy path", http.MethodGet, f.srv.URL + "/api/action/package_search?" + form.Encode(), "", ""},
			{"POST JSON", http.MethodPost, base, "application/json", jsonBody},
			{"POST JSON without content type", http.MethodPost, base, "", jsonBody},
			{"POST form", http.MethodPost, base, "application/x-www-form-urlencoded", form.Encode()},
			{"POST form of one JSON key", http.MethodPost, base, "application/x-www-form-urlencoded", url.QueryEscape(jsonBody) + "=1"},
			{"POST with a query string", http.MethodPost, base + "?" + form.Encode(), "", ""},
		}
		for _, tt := range forms {
			t.Run(tt.name, func(t *testing.T) {
				got := do(t, tt.method, tt.u, tt.ctype, strings.NewReader(tt.in))
				if got.Status != want.Status || !bytes.Equal(got.Body, want.Body) {
					t.Errorf("answer %d %s\nwant %d %s", got.Status, truncate(got.Body), want.Status, truncate(want.Body))
				}
			})
		}
	})
}

var ckanTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$`)

// TestTimestamps checks CKAN's timestamp form everywhere a package dict
// carries one.
func TestTimestamps(t *testing.T) {
	f := newFixture(t, sqldbtest.Engines[0])
	var res struct {
		Results []opendata.Package `json:"results"`
	}
	envelope(t, f.get(t, "package_search", values("rows", "100")), &res)
	if len(res.Results) != 8 {
		t.Fatalf("got %d packages, want 8", len(res.Results))
	}
	for _, p := range res.Results {
		stamps := []string{p.MetadataCreated.String(), p.MetadataModified.String(), p.Organization.Created.String()}
		for _, r := range p.Resources {
			stamps = append(stamps, r.Created.String(), r.MetadataModified.String())
		}
		for _, s := range stamps {
			if !ckanTime.MatchString(s) {
				t.Errorf("%s: timestamp %q is not naive UTC with six-digit microseconds", p.Name, s)
			}
		}
	}
	var raw map[string]json.RawMessage
	envelope(t, f.get(t, "package_show", values("id", "dopa-house")), &raw)
	if got := string(raw["metadata_modified"]); !ckanTime.MatchString(strings.Trim(got, `"`)) {
		t.Errorf("package_show metadata_modified = %s", got)
	}
}

// TestDeletedPackage drops a package from its source: CKAN refuses a
// deleted package to an anonymous caller and leaves it out of lists and
// searches.
func TestDeletedPackage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		var org struct{ Created string }
		envelope(t, f.get(t, "organization_show", values("id", "dga")), &org)
		gone := f.stats.pkgs[0]
		f.stats.pkgs = f.stats.pkgs[1:]
		if r := f.sync(t); r.Deleted != 1 {
			t.Fatalf("sync = %+v, want one deletion", r)
		}
		if err := f.handler.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		r := f.get(t, "package_show", values("id", gone.Name))
		want := `{"__type":"Authorization Error","message":"Access denied: User  not authorized to read package ` + gone.ID + `"}`
		if r.Status != http.StatusForbidden || !strings.Contains(string(r.Body), want) {
			t.Errorf("package_show of a deleted package = %d %s", r.Status, r.Body)
		}
		var after struct{ Created string }
		envelope(t, f.get(t, "organization_show", values("id", "dga")), &after)
		if after.Created != org.Created || org.Created == "" {
			t.Errorf("organisation created moved from %q to %q when its first package was deleted", org.Created, after.Created)
		}
		var list []string
		envelope(t, f.get(t, "package_list", nil), &list)
		for _, n := range list {
			if n == gone.Name {
				t.Errorf("package_list still lists deleted %s", n)
			}
		}
		var res struct{ Count int }
		envelope(t, f.get(t, "package_search", values("q", "name:"+gone.Name)), &res)
		if res.Count != 0 {
			t.Errorf("package_search finds deleted %s", gone.Name)
		}
	})
}

// TestRowsCap asks for more rows than CKAN's maximum: the answer is capped
// silently at 1000.
func TestRowsCap(t *testing.T) {
	f := newFixture(t, sqldbtest.Engines[0])
	var pkgs []opendata.Package
	for _, n := range names(1010, "stat") {
		pkgs = append(pkgs, statsPackage(n, "สถิติ "+n, "bulk"))
	}
	f.stats.pkgs = pkgs
	f.sync(t)
	if err := f.handler.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	var res struct {
		Count   int
		Results []json.RawMessage
	}
	envelope(t, f.get(t, "package_search", values("rows", "5000", "fl", "id")), &res)
	if res.Count != 1016 || len(res.Results) != 1000 {
		t.Errorf("rows=5000 gave count %d and %d results, want 1016 and 1000", res.Count, len(res.Results))
	}
	var current []opendata.Package
	envelope(t, f.get(t, "current_package_list_with_resources", nil), &current)
	if len(current) != 10 || !current[0].MetadataModified.After(current[9].MetadataModified.Time) {
		t.Errorf("current_package_list_with_resources gave %d packages, want the 10 most recently modified", len(current))
	}
}
