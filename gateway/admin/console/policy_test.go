package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/policies"
)

const dopaModule = "owner/dopa/policy.rego"

// editorForm is the editor's form with one module's source replaced.
func editorForm(t *testing.T, module, src, note string) url.Values {
	t.Helper()
	return url.Values{"src:" + module: {src}, "note": {note}}
}

// withheldDeathDate is DOPA's module changed so that no one gets
// death_date: a valid draft whose impact takes a field from DLA.
func withheldDeathDate() string {
	src := policies.DemoSet()[dopaModule]
	out := strings.Replace(src, `not f in held},`, `not f in held; f != "death_date"},`, 1)
	if out == src {
		panic("the DOPA module's decision moved; update withheldDeathDate")
	}
	return out
}

var versionPath = regexp.MustCompile(`^/console/policies/(\d+)$`)

// draft saves a draft through the editor and returns its page's path.
func (b *browser) draft(src, note string) string {
	b.t.Helper()
	b.get("/console/policies/new")
	p := b.post("/console/policies", editorForm(b.t, dopaModule, src, note))
	if p.status != http.StatusSeeOther || !versionPath.MatchString(p.location) {
		b.t.Fatalf("draft: %d to %q: %.2000s", p.status, p.location, p.body)
	}
	return p.location
}

func TestDraftWithSyntaxErrorShowsItAtItsLine(t *testing.T) {
	e := newEnv(t)
	b := e.browser(t)
	b.get("/console/login?lang=en")
	b.login("dopa-steward")
	editor := b.get("/console/policies/new")
	must(t, editor, http.StatusOK, `name="src:owner/dopa/policy.rego"`, "religion_purposes")
	broken := "package gdx.owner.dopa\n\nreligion_purposes := {\"welfare_eligibility\"}\n\ndecision := {\"allow\": true,, \"fields\": set()}\n\nother := 1\n"
	p := b.post("/console/policies", editorForm(t, dopaModule, broken, "break it"))
	must(t, p, http.StatusBadRequest, "was saved as failed", `class="problems"`,
		"<strong>Line 5, column", "<code>decision := {&#34;allow&#34;: true,, &#34;fields&#34;: set()}</code>")
	// The message sits next to the module's textarea, with the source kept.
	at := strings.Index(p.body, `name="src:owner/dopa/policy.rego"`)
	prob := strings.Index(p.body[at:], `class="problems"`)
	next := strings.Index(p.body[at:], `<div class="module">`)
	if prob < 0 || (next >= 0 && next < prob) {
		t.Errorf("the problem is not shown beside owner/dopa/policy.rego")
	}
	if !strings.Contains(p.body, "other := 1") {
		t.Error("the broken source was not shown again")
	}
	e.audit.expect(t, admin.ActionPolicyDraft, "dopa-steward", admin.OutcomeFailed)

	p = b.post("/console/policies", url.Values{"note": {""}, "csrf_token": {csrfOf(p.body)}})
	must(t, p, http.StatusBadRequest, "Say what the change does.", "Nothing was changed, so nothing was saved.")
}

func TestValidDraftShowsImpactAndTheWorkflowLeavesAuditEvents(t *testing.T) {
	e := newEnv(t)
	author := e.browser(t)
	author.get("/console/login?lang=en")
	author.login("dopa-steward")
	path := author.draft(withheldDeathDate(), "withhold death_date")
	must(t, author.get(path), http.StatusOK, "tested", "its tests pass")
	e.audit.expect(t, admin.ActionPolicyDraft, "dopa-steward", admin.OutcomeDone)

	impact := author.get(path + "/impact")
	must(t, impact, http.StatusOK, "Who gains and who loses which fields", "DLA", "dopa.person", `<td class="lost">death_date</td>`)

	// The author's approver colleague drafts nothing; the author cannot approve.
	approver := e.browser(t)
	approver.get("/console/login?lang=en")
	approver.login("dopa-approver")
	self := approver.draft(withheldDeathDate()+"\n# another\n", "the approver's own draft")
	approver.get(self)
	p := approver.post(self+"/approve", url.Values{})
	must(t, p, http.StatusForbidden, "you cannot approve it", "The exchange said:")
	e.audit.expect(t, admin.ActionPolicyApprove, "dopa-approver", admin.OutcomeFailed)
	approver.get(self)
	must(t, approver.postFollow(self+"/reject", url.Values{"note": {"superseded by the steward's draft"}}), http.StatusOK, "is rejected")
	e.audit.expect(t, admin.ActionPolicyReject, "dopa-approver", admin.OutcomeDone)

	approver.get(path)
	must(t, approver.postFollow(path+"/approve", url.Values{}), http.StatusOK, "is approved", "Activate")
	e.audit.expect(t, admin.ActionPolicyApprove, "dopa-approver", admin.OutcomeDone)
	must(t, approver.postFollow(path+"/activate", url.Values{}), http.StatusOK, "is active")
	e.audit.expect(t, admin.ActionPolicyActivate, "dopa-approver", admin.OutcomeDone)

	list := approver.get("/console/policies")
	must(t, list, http.StatusOK, `href="/console/policies/1">v1</a></td><td><span class="badge status-superseded">`)
	approver.get("/console/policies/1")
	must(t, approver.postFollow("/console/policies/1/rollback", url.Values{"note": {"death_date is needed"}}), http.StatusOK, "v1 is active again")
	e.audit.expect(t, admin.ActionPolicyRollback, "dopa-approver", admin.OutcomeDone)
}
