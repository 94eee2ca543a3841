package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/web"
)

func TestStewardSeesOnlyTheirAgency(t *testing.T) {
	e := newEnv(t)
	dopa := e.browser(t)
	dopa.get("/console/login?lang=en")
	dopa.login("dopa-steward")
	p := dopa.get("/console/datasets?owner=DBD")
	must(t, p, http.StatusOK, "<code>dopa.person</code>")
	if strings.Contains(p.body, "<code>dbd.") {
		t.Errorf("a DOPA steward sees DBD's datasets: %.2000s", p.body)
	}
	dga := e.browser(t)
	dga.login("dga-admin")
	must(t, dga.get("/console/datasets"), http.StatusOK, "<code>dopa.person</code>", "<code>"+demo.CompanyDataset+"</code>")

	// DBD's grant is not among DOPA's; the service's scope refusal shows.
	if p := dopa.get("/console/grants/g-dla-company"); p.status != http.StatusNotFound {
		t.Errorf("a DOPA steward opened DBD's grant: %d", p.status)
	}
	aud := e.browser(t)
	aud.get("/console/login?lang=en")
	aud.login("dopa-auditor")
	p = aud.get("/console/audit?agency=DBD")
	must(t, p, http.StatusForbidden, "Not allowed", "auditors of DOPA see their own officers")
	p = dopa.get("/console/audit")
	must(t, p, http.StatusForbidden, "Your roles do not allow this.", "needs the role auditor or admin")
}

func TestGrantNarrowedThroughTheForm(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	rd := loginCaller(t, e, "rd-steward")
	g, err := e.svc.RequestGrant(ctx, rd, admin.GrantRequest{Dataset: demo.HouseDataset, Purposes: []string{"tax_assessment"},
		Fields: []string{"house_id", "address", "members"}, ValidTo: e.clock.now().AddDate(0, 6, 0)})
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	b.get("/console/login?lang=en")
	b.login("dopa-approver")
	must(t, b.get("/console/grants?status=requested"), http.StatusOK, `href="/console/grants/`+g.ID+`"`)
	page := b.get("/console/grants/" + g.ID)
	must(t, page, http.StatusOK, `name="fields" value="members" checked`, "Approve with the ticked fields")

	p := b.post("/console/grants/"+g.ID+"/approve", url.Values{"purposes": {"tax_assessment"}})
	must(t, p, http.StatusBadRequest, `id="fields-error"`, "Tick at least one field.")
	if got := grantOf(t, e, g.ID); got.Status != catalog.GrantRequested {
		t.Fatalf("a bad form changed the grant: %s", got.Status)
	}
	p = b.postFollow("/console/grants/"+g.ID+"/approve", url.Values{"fields": {"house_id", "address"}, "purposes": {"tax_assessment"}})
	must(t, p, http.StatusOK, "is approved")
	got := grantOf(t, e, g.ID)
	if got.Status != catalog.GrantActive || !slices.Equal(got.Fields, []string{"house_id", "address"}) {
		t.Errorf("grant after approval = %s %v, want active with house_id, address", got.Status, got.Fields)
	}
	e.audit.expect(t, admin.ActionGrantApprove, "dopa-approver", admin.OutcomeDone)
}

func TestGrantRefusalNeedsANote(t *testing.T) {
	e := newEnv(t)
	rd := loginCaller(t, e, "rd-steward")
	g, err := e.svc.RequestGrant(context.Background(), rd, admin.GrantRequest{Dataset: demo.HouseDataset,
		Purposes: []string{"tax_assessment"}, Fields: []string{"house_id"}, ValidTo: e.clock.now().AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	b.get("/console/login?lang=th")
	b.login("dopa-approver")
	b.get("/console/grants/" + g.ID)
	must(t, b.post("/console/grants/"+g.ID+"/refuse", url.Values{"note": {" "}}), http.StatusBadRequest, "กรุณาระบุเหตุผลที่ปฏิเสธคำขอ")
	must(t, b.postFollow("/console/grants/"+g.ID+"/refuse", url.Values{"note": {"not needed"}}), http.StatusOK, "ปฏิเสธสิทธิ์")
	if got := grantOf(t, e, g.ID); got.Status != catalog.GrantRefused {
		t.Errorf("grant after refusal is %s", got.Status)
	}
}

func TestAuditTrailWhoLookedAndTraffic(t *testing.T) {
	e := newEnv(t)
	citizen := demo.PersonKey(42)
	now := e.clock.now()
	e.lookup(t, demo.DLA, demo.PersonDataset, citizen, now.Add(-time.Hour))
	e.lookup(t, demo.DLA, demo.PersonDataset, citizen, now.Add(-49*time.Hour))
	e.lookup(t, demo.RD, demo.PersonDataset, demo.PersonKey(7), now.Add(-2*time.Hour))
	b := e.browser(t)
	b.get("/console/login?lang=en")
	b.login("dopa-auditor")

	p := b.get("/console/audit?dataset=" + demo.PersonDataset + "&agency=DLA")
	must(t, p, http.StatusOK, "2 events", "first_name_th, address")
	must(t, b.get("/console/audit?from=2026-13-01&kind=nope"), http.StatusBadRequest, `id="from-error"`, `id="kind-error"`)

	b.get("/console/audit/subject")
	p = b.post("/console/audit/subject", url.Values{"kind": {"citizen_id"}, "key": {citizen}})
	must(t, p, http.StatusOK, "2 lookups", "DLA", "licensing")
	must(t, b.post("/console/audit/subject", url.Values{"kind": {"citizen_id"}, "key": {"1234"}}), http.StatusBadRequest,
		`id="key-error"`, "This is not a valid id")

	dga := e.browser(t)
	dga.get("/console/login?lang=en")
	dga.login("dga-auditor")
	p = dga.get("/console/traffic?by=day")
	must(t, p, http.StatusOK, `<svg`, `role="img"`, "Requests per period")
	if n := strings.Count(p.body, `<td class="num">`); n != 60 {
		t.Errorf("the traffic table has %d number cells, want 2 × 30 days", n)
	}
	today := regexp.MustCompile(`<th scope="row">[^<]+</th><td class="num">(\d+)</td>`).FindAllStringSubmatch(p.body, -1)
	total := 0
	for _, m := range today {
		n, _ := strconv.Atoi(m[1])
		total += n
	}
	if total != 3 {
		t.Errorf("the traffic table counts %d allowed requests, want 3", total)
	}
	must(t, dga.get("/console/traffic?by=month"), http.StatusOK, "<svg")
}

// loginCaller logs a demo steward in through the service, for setting
// up what the console then shows.
func loginCaller(t *testing.T, e *env, username string) admin.Caller {
	t.Helper()
	tok, err := e.svc.Login(context.Background(), username, e.passwords[username], "setup")
	if err != nil {
		t.Fatal(err)
	}
	return admin.Caller{Steward: tok.Steward, RequestID: "setup"}
}

func grantOf(t *testing.T, e *env, id string) catalog.Grant {
	t.Helper()
	gs, err := e.svc.ListGrants(context.Background(), loginCaller(t, e, "dga-admin"), admin.GrantQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if g.ID == id {
			return g
		}
	}
	t.Fatalf("no grant %s", id)
	return catalog.Grant{}
}

var (
	h1Tag    = regexp.MustCompile(`<h1[ >]`)
	inputTag = regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	idAttr   = regexp.MustCompile(`\bid="([^"]+)"`)
)

// TestEveryPage checks what every page must have: the CSP header, one
// h1, a lang attribute, and a label for every input.
func TestEveryPage(t *testing.T) {
	e := newEnv(t)
	e.lookup(t, demo.DLA, demo.PersonDataset, demo.PersonKey(1), e.clock.now())
	b := e.browser(t)
	for _, lang := range []string{"en", "th"} {
		pages := map[string]page{"login": b.get("/console/login?lang=" + lang)}
		b.login("dga-admin")
		for _, path := range []string{"/console/", "/console/datasets", "/console/purposes", "/console/grants", "/console/grants/g-dla-person",
			"/console/policies", "/console/policies/1", "/console/policies/new", "/console/audit", "/console/audit/subject",
			"/console/traffic", "/console/nowhere", "/console/policies/99"} {
			pages[path] = b.get(path)
		}
		pages["csrf"] = b.post("/console/logout", url.Values{"csrf_token": {"stale"}})
		for name, p := range pages {
			checkPage(t, lang+" "+name, p)
		}
		b.postFollow("/console/logout", url.Values{})
	}
}

func checkPage(t *testing.T, name string, p page) {
	t.Helper()
	if p.status >= 500 {
		t.Errorf("%s: status %d", name, p.status)
	}
	if got := p.header.Get("Content-Security-Policy"); got != web.ContentSecurityPolicy {
		t.Errorf("%s: CSP %q", name, got)
	}
	if cc := p.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("%s: Cache-Control %q, want no-store", name, cc)
	}
	if n := len(h1Tag.FindAllString(p.body, -1)); n != 1 {
		t.Errorf("%s: %d h1, want 1", name, n)
	}
	if !regexp.MustCompile(`<html lang="(th|en)">`).MatchString(p.body) {
		t.Errorf("%s: no lang attribute", name)
	}
	for _, tag := range inputTag.FindAllString(p.body, -1) {
		if strings.Contains(tag, `type="hidden"`) {
			continue
		}
		id := idAttr.FindStringSubmatch(tag)
		if id == nil || !strings.Contains(p.body, `<label for="`+id[1]+`"`) {
			t.Errorf("%s: no label for %s", name, tag)
		}
	}
}
