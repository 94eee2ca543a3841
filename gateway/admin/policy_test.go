package admin_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/policies"
)

const dopaModule = "owner/dopa/policy.rego"

// edit returns a draft that appends a harmless comment to one file of the
// demo set, so that each draft differs from the active one.
func edit(file string, n int) admin.Draft {
	src := policies.DemoSet()[file]
	return admin.Draft{Modules: policies.Modules{file: src + fmt.Sprintf("\n# edit %d\n", n)}, Note: "edit"}
}

func TestDraftScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		dbd := admin.Draft{Modules: policies.Modules{"owner/dbd/policy.rego": "package gdx.owner.dbd\n\ndecision := {\"allow\": false}\n"}}
		tests := []struct {
			name, steward string
			draft         admin.Draft
			status        int
			reason        string
		}{
			{"DOPA steward drafts DOPA's module", "dopa-steward", edit(dopaModule, 1), http.StatusCreated, ""},
			{"DOPA steward may not draft DBD's module", "dopa-steward", dbd, http.StatusForbidden, "policy_scope"},
			{"DOPA steward may not draft the baseline", "dopa-steward", edit("baseline.rego", 2), http.StatusForbidden, "policy_scope"},
			{"DOPA auditor may not draft at all", "dopa-auditor", edit(dopaModule, 3), http.StatusForbidden, "policy_role"},
			{"central admin drafts the baseline", "dga-admin", edit("baseline.rego", 4), http.StatusCreated, ""},
			{"central admin drafts DBD's module", "dga-admin", dbd, http.StatusCreated, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := e.do(t, e.login(t, tt.steward), http.MethodPost, "/admin/v1/policy-versions", tt.draft)
				outcome := admin.OutcomeDone
				if tt.reason != "" {
					expectProblem(t, rec, tt.status, tt.reason)
					outcome = admin.OutcomeFailed
				} else {
					expect(t, rec, tt.status, nil)
				}
				if !e.audit.has(admin.ActionPolicyDraft, tt.steward, outcome) {
					t.Errorf("no %s audit event for the draft", outcome)
				}
			})
		}
	})
}

func TestPolicyWorkflow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		author, other := e.login(t, "dopa-approver"), e.login(t, "dopa-approver2")
		var v policies.Version
		expect(t, e.do(t, author, http.MethodPost, "/admin/v1/policy-versions", edit(dopaModule, 1)), http.StatusCreated, &v)
		path := fmt.Sprintf("/admin/v1/policy-versions/%d", v.ID)

		t.Run("show has the diff and the test results", func(t *testing.T) {
			var d admin.VersionDetail
			expect(t, e.do(t, other, http.MethodGet, path, nil), http.StatusOK, &d)
			if !strings.Contains(d.Diff, "+# edit 1") || len(d.Report.Tests) == 0 || d.Status != policies.StatusTested || len(d.Events) != 1 {
				t.Errorf("version shows diff %q, %d tests, status %s, %d events", d.Diff, len(d.Report.Tests), d.Status, len(d.Events))
			}
		})
		t.Run("impact is shown before approval", func(t *testing.T) {
			var rep policies.ImpactReport
			expect(t, e.do(t, other, http.MethodGet, path+"/impact", nil), http.StatusOK, &rep)
			if rep.Cases == 0 || rep.Before != "v1" {
				t.Errorf("impact over %d cases against %q", rep.Cases, rep.Before)
			}
		})
		t.Run("author may not approve their own draft", func(t *testing.T) {
			expectProblem(t, e.do(t, author, http.MethodPost, path+"/approve", nil), http.StatusForbidden, "self_approval")
		})
		t.Run("DBD approver may not approve DOPA's module", func(t *testing.T) {
			expectProblem(t, e.do(t, e.login(t, "dbd-approver"), http.MethodPost, path+"/approve", nil), http.StatusForbidden, "policy_scope")
		})
		t.Run("another approver approves and sees the impact", func(t *testing.T) {
			var a admin.Approval
			expect(t, e.do(t, other, http.MethodPost, path+"/approve", nil), http.StatusOK, &a)
			if a.Version.Status != policies.StatusApproved || a.Impact.Cases == 0 {
				t.Errorf("approval: status %s, impact over %d cases", a.Version.Status, a.Impact.Cases)
			}
		})
		t.Run("activation swaps the engine", func(t *testing.T) {
			expect(t, e.do(t, author, http.MethodPost, path+"/activate", nil), http.StatusOK, &v)
			if v.Status != policies.StatusActive || e.engine.Version() != v.Label() {
				t.Errorf("status %s, engine serves %s, want %s", v.Status, e.engine.Version(), v.Label())
			}
		})
		t.Run("rollback restores the earlier version", func(t *testing.T) {
			var back policies.Version
			expect(t, e.do(t, other, http.MethodPost, "/admin/v1/policy-versions/v1/rollback", map[string]string{"note": "undo"}), http.StatusOK, &back)
			if back.ID != 1 || e.engine.Version() != "v1" {
				t.Errorf("rolled back to %s, engine serves %s", back.Label(), e.engine.Version())
			}
		})
		for _, action := range []string{admin.ActionPolicyDraft, admin.ActionPolicyActivate} {
			e.audit.expectAudited(t, action, "dopa-approver")
		}
		for _, action := range []string{admin.ActionPolicyApprove, admin.ActionPolicyRollback} {
			e.audit.expectAudited(t, action, "dopa-approver2")
		}
	})
}

func TestFailingDraftIsBlocked(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		tok := e.login(t, "dopa-approver")
		failing := admin.Draft{Modules: policies.Modules{"owner/dopa/extra_test.rego": "package gdx.owner.dopa_test\n\ntest_always_fails if {\n\tfalse\n}\n"}}
		p := expectProblem(t, e.do(t, tok, http.MethodPost, "/admin/v1/policy-versions", failing), http.StatusBadRequest, "policy_refused")
		if !strings.Contains(p.Detail, "owner/dopa/extra_test.rego:3: gdx.owner.dopa_test.test_always_fails: FAIL") {
			t.Errorf("detail does not show the failed test line by line: %q", p.Detail)
		}
		var list struct{ Versions []policies.Version }
		expect(t, e.do(t, tok, http.MethodGet, "/admin/v1/policy-versions", nil), http.StatusOK, &list)
		if len(list.Versions) != 2 || list.Versions[0].Status != policies.StatusFailed {
			t.Fatalf("versions after a failing draft: %+v", list.Versions)
		}
		path := fmt.Sprintf("/admin/v1/policy-versions/%d", list.Versions[0].ID)
		t.Run("failed version cannot be approved", func(t *testing.T) {
			expectProblem(t, e.do(t, e.login(t, "dopa-approver2"), http.MethodPost, path+"/approve", nil), http.StatusConflict, "policy_not_tested")
		})
		t.Run("failed version shows its lines", func(t *testing.T) {
			var d admin.VersionDetail
			expect(t, e.do(t, tok, http.MethodGet, path, nil), http.StatusOK, &d)
			if len(d.Lines) != 1 {
				t.Errorf("lines = %q", d.Lines)
			}
		})
		t.Run("the active policy keeps serving", func(t *testing.T) {
			if e.engine.Version() != "v1" {
				t.Errorf("engine serves %s", e.engine.Version())
			}
		})
	})
}
