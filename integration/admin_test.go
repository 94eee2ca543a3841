package integration

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// steward is a logged-in steward of the running demo.
type steward struct {
	d     *runningDemo
	token string
}

// login signs a demo steward in with the password `gdx demo` wrote to
// DIR/stewards.json.
func (d *runningDemo) login(t *testing.T, username string) *steward {
	t.Helper()
	var creds []struct{ Username, Password string }
	if err := json.Unmarshal(readFile(t, d.Dir, "stewards.json"), &creds); err != nil {
		t.Fatal(err)
	}
	for _, c := range creds {
		if c.Username == username {
			var tok struct{ Token string }
			s := &steward{d: d}
			if status := s.call(t, http.MethodPost, "/admin/v1/sessions", map[string]string{"username": username, "password": c.Password}, &tok); status != http.StatusCreated {
				t.Fatalf("login %s: %d", username, status)
			}
			s.token = tok.Token
			return s
		}
	}
	t.Fatalf("no steward %s in stewards.json", username)
	return nil
}

// call sends a JSON request to the admin API and decodes the answer.
func (s *steward) call(t *testing.T, method, path string, body, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(ctx(t), method, s.d.Info.AdminURL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if out != nil && len(raw) > 0 {
		json.Unmarshal(raw, out)
	}
	return res.StatusCode
}

const withholdBirthDate = `package gdx.owner.dopa

withheld contains "birth_date" if "birth_date" in input.requested_fields

withheld contains "religion" if {
	"religion" in input.requested_fields
	input.purpose.code != "welfare_eligibility"
}

decision := {
	"allow": true,
	"fields": {f | some f in input.requested_fields; not f in withheld},
	"masks": {},
	"reasons": {sprintf("owner_withheld:%s", [f]) | some f in withheld},
	"obligations": set(),
}
`

const withholdBirthDateTest = `package gdx.owner.dopa_test

import data.gdx.owner.dopa

test_birth_date_withheld if {
	d := dopa.decision with input as {"purpose": {"code": "licensing"}, "requested_fields": ["birth_date", "title"]}
	d.fields == {"title"}
}
`

// TestStewardsChangePolicyWithoutRestart drives the policy workflow over
// the admin API of a running demo: a DOPA steward drafts, cannot approve
// their own draft, a DOPA approver approves and activates, lookups see the
// new version within 5 seconds, and a rollback restores the old one.
func TestStewardsChangePolicyWithoutRestart(t *testing.T) {
	d := startDemo(t, t.TempDir())
	person := d.sampleKey(t, "dopa.person")
	path := "/v1/datasets/dopa.person/records/" + person + "?fields=title,birth_date"
	if _, a := d.lookup(t, "DLA", "licensing", http.MethodGet, path, nil); a.Record["birth_date"] == nil {
		t.Fatalf("before: %+v", a)
	}

	author, approver := d.login(t, "dopa-steward"), d.login(t, "dopa-approver")
	var draft struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	status := author.call(t, http.MethodPost, "/admin/v1/policy-versions", map[string]any{"note": "withhold birth dates",
		"modules": map[string]string{"owner/dopa/policy.rego": withholdBirthDate, "owner/dopa/policy_test.rego": withholdBirthDateTest}}, &draft)
	if status != http.StatusCreated || draft.ID == 0 {
		t.Fatalf("draft: %d %+v", status, draft)
	}
	if status := author.call(t, http.MethodPost, fmt.Sprintf("/admin/v1/policy-versions/%d/approve", draft.ID), nil, nil); status < 400 {
		t.Fatalf("self-approval answered %d", status)
	}
	if outsider := d.login(t, "dbd-approver"); outsider.call(t, http.MethodPost, fmt.Sprintf("/admin/v1/policy-versions/%d/approve", draft.ID), nil, nil) != http.StatusForbidden {
		t.Fatal("a DBD approver approved DOPA's module")
	}
	for _, step := range []string{"approve", "activate"} {
		if status := approver.call(t, http.MethodPost, fmt.Sprintf("/admin/v1/policy-versions/%d/%s", draft.ID, step), map[string]string{}, nil); status != http.StatusOK {
			t.Fatalf("%s: %d", step, status)
		}
	}
	waitForLookup(t, d, path, func(a lookupAnswer) bool {
		return a.Record["birth_date"] == nil && withheldFor(a, "birth_date", "owner_withheld")
	})

	if status := approver.call(t, http.MethodPost, "/admin/v1/policy-versions/1/rollback", map[string]string{"note": "undo"}, nil); status != http.StatusOK {
		t.Fatalf("rollback: %d", status)
	}
	waitForLookup(t, d, path, func(a lookupAnswer) bool { return a.Record["birth_date"] != nil })

	out, err := exec.Command(gdxBinary(t), "audit", "query", "--data", d.Dir, "--kind", "admin", "-o", "json").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "policy.") || !strings.Contains(string(out), "dopa-approver") {
		t.Fatalf("stewards' actions must be audited: %v\n%s", err, out)
	}
}

func waitForLookup(t *testing.T, d *runningDemo, path string, ok func(lookupAnswer) bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, a := d.lookup(t, "DLA", "licensing", http.MethodGet, path, nil)
		if ok(a) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not served within 5 seconds: %+v", a)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// TestAdminLoginRefusals checks the session endpoint fails closed.
func TestAdminLoginRefusals(t *testing.T) {
	d := startDemo(t, t.TempDir())
	anon := &steward{d: d}
	if status := anon.call(t, http.MethodGet, "/admin/v1/policy-versions", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("no session: %d", status)
	}
	var p struct{ Detail string }
	if status := anon.call(t, http.MethodPost, "/admin/v1/sessions", map[string]string{"username": "dla-steward", "password": "wrong"}, &p); status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", status)
	}
	var q struct{ Detail string }
	anon.call(t, http.MethodPost, "/admin/v1/sessions", map[string]string{"username": "nobody", "password": "wrong"}, &q)
	if p.Detail != q.Detail {
		t.Errorf("a wrong password and an unknown user must read the same: %q vs %q", p.Detail, q.Detail)
	}
}

// TestAuditorsReadTheTrail reads the audit trail through the admin API:
// "who looked at my record", events scoped to the auditor's agency, and a
// withholding by the central office that hides a grant's lookups.
func TestAuditorsReadTheTrail(t *testing.T) {
	d := startDemo(t, t.TempDir())
	person := d.sampleKey(t, "dopa.person")
	d.lookup(t, "DLA", "licensing", http.MethodGet, "/v1/datasets/dopa.person/records/"+person, nil)
	d.lookup(t, "RD", "tax_assessment", http.MethodGet, "/v1/datasets/dopa.person/records/"+person, nil)
	subject := "/admin/v1/audit/subjects/citizen_id/" + person

	var seen struct {
		Lookups []struct{ Agency, Purpose, Dataset string }
	}
	central := d.login(t, "dga-auditor")
	if status := central.call(t, http.MethodGet, subject, nil, &seen); status != http.StatusOK || len(seen.Lookups) != 2 {
		t.Fatalf("who looked (central): %d %+v", status, seen)
	}
	if status := d.login(t, "dla-steward").call(t, http.MethodGet, subject, nil, nil); status != http.StatusForbidden {
		t.Fatalf("a steward without the auditor role read the trail: %d", status)
	}
	var events struct {
		Events []struct{ Agency, Kind string }
	}
	if status := d.login(t, "dopa-auditor").call(t, http.MethodGet, "/admin/v1/audit/events?dataset=dopa.person", nil, &events); status != http.StatusOK || len(events.Events) < 2 {
		t.Fatalf("the owner's auditor reads its dataset's lookups: %d %+v", status, events)
	}
	if status := d.login(t, "dopa-auditor").call(t, http.MethodGet, "/admin/v1/audit/events?agency=RD", nil, nil); status != http.StatusForbidden {
		t.Fatalf("DOPA's auditor read RD's officers' events: %d", status)
	}

	body := map[string]any{"grant": "g-rd-person", "until": "2099-01-01T00:00:00Z", "reason": "case 7/2569"}
	if status := central.call(t, http.MethodPost, "/admin/v1/audit/withholds", body, nil); status != http.StatusCreated {
		t.Fatalf("withhold: %d", status)
	}
	central.call(t, http.MethodGet, subject, nil, &seen)
	if len(seen.Lookups) != 1 || seen.Lookups[0].Agency != "DLA" {
		t.Fatalf("RD's lookups must be withheld from the subject's view: %+v", seen)
	}
}
