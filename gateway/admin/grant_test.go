package admin_test

import (
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// request asks, as NOGRANT, for a grant on the dataset.
func request(t *testing.T, e *env, token, dataset string, fields ...string) catalog.Grant {
	t.Helper()
	req := admin.GrantRequest{Dataset: dataset, Purposes: []string{"licensing", "statistics"}, Fields: fields,
		ValidTo: e.clock.now().AddDate(0, 6, 0), RateLimit: catalog.RateLimit{PerMinute: 60, Burst: 10}}
	var g catalog.Grant
	expect(t, e.do(t, token, http.MethodPost, "/admin/v1/grants", req), http.StatusCreated, &g)
	if g.Status != catalog.GrantRequested || g.Consumer != demo.NOGRANT {
		t.Fatalf("requested grant is %s for %s", g.Status, g.Consumer)
	}
	return g
}

func TestGrantWorkflow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		consumer, owner := e.login(t, "nogrant-steward"), e.login(t, "dopa-approver")
		g := request(t, e, consumer, demo.PersonDataset, "citizen_id", "first_name_th", "last_name_th", "birth_date")
		path := "/admin/v1/grants/" + g.ID

		tests := []struct {
			name, steward string
			body          admin.Narrowing
			status        int
			reason        string
		}{
			{"consumer may not approve its own request", "nogrant-steward", admin.Narrowing{}, http.StatusForbidden, "scope"},
			{"another owner's approver may not approve", "dbd-approver", admin.Narrowing{}, http.StatusForbidden, "scope"},
			{"owner's steward lacks the approver role", "dopa-steward", admin.Narrowing{}, http.StatusForbidden, "role"},
			{"approval may not widen the fields", "dopa-approver", admin.Narrowing{Fields: []string{"religion"}}, http.StatusBadRequest, "widens_grant"},
			{"approval may not extend the validity", "dopa-approver", admin.Narrowing{ValidTo: g.ValidTo.AddDate(1, 0, 0)}, http.StatusBadRequest, "widens_grant"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				expectProblem(t, e.do(t, e.login(t, tt.steward), http.MethodPost, path+"/approve", tt.body), tt.status, tt.reason)
			})
		}
		t.Run("owner's approver narrows and approves", func(t *testing.T) {
			var got catalog.Grant
			narrow := admin.Narrowing{Fields: []string{"citizen_id", "first_name_th"}, Purposes: []string{"licensing"}}
			expect(t, e.do(t, owner, http.MethodPost, path+"/approve", narrow), http.StatusOK, &got)
			if got.Status != catalog.GrantActive || !slices.Equal(got.Fields, narrow.Fields) || !slices.Equal(got.Purposes, narrow.Purposes) {
				t.Errorf("approved grant: %s, fields %v, purposes %v", got.Status, got.Fields, got.Purposes)
			}
		})
		t.Run("approved grant is in force for the gateway", func(t *testing.T) {
			live, err := e.catalog.ListGrants(t.Context(), catalog.GrantFilter{Consumer: demo.NOGRANT, ValidAt: e.clock.now().Add(time.Minute)})
			if err != nil || len(live) != 1 || live[0].ID != g.ID {
				t.Errorf("grants in force for NOGRANT: %v, %v", live, err)
			}
		})
		t.Run("consumer sees its active grant", func(t *testing.T) {
			var list struct{ Grants []catalog.Grant }
			expect(t, e.do(t, consumer, http.MethodGet, "/admin/v1/grants?status=active", nil), http.StatusOK, &list)
			if len(list.Grants) != 1 || list.Grants[0].ID != g.ID {
				t.Errorf("NOGRANT's active grants: %+v", list.Grants)
			}
		})
		t.Run("an active grant cannot be approved again", func(t *testing.T) {
			expectProblem(t, e.do(t, owner, http.MethodPost, path+"/approve", nil), http.StatusConflict, "grant_status")
		})
		t.Run("consumer's approver may revoke", func(t *testing.T) {
			var got catalog.Grant
			expect(t, e.do(t, consumer, http.MethodPost, path+"/revoke", map[string]string{"note": "no longer needed"}), http.StatusOK, &got)
			if got.Status != catalog.GrantRevoked {
				t.Errorf("status %s after revocation", got.Status)
			}
		})
		e.audit.expectAudited(t, admin.ActionGrantRequest, "nogrant-steward")
		e.audit.expectAudited(t, admin.ActionGrantApprove, "dopa-approver")
		e.audit.expectAudited(t, admin.ActionGrantRevoke, "nogrant-steward")
	})
}

func TestGrantRefusal(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		consumer, owner := e.login(t, "nogrant-steward"), e.login(t, "dopa-approver")
		g := request(t, e, consumer, demo.HouseDataset, "house_id", "address")
		t.Run("owner's approver refuses", func(t *testing.T) {
			var got catalog.Grant
			expect(t, e.do(t, owner, http.MethodPost, "/admin/v1/grants/"+g.ID+"/refuse", map[string]string{"note": "purpose too broad"}), http.StatusOK, &got)
			if got.Status != catalog.GrantRefused {
				t.Errorf("status %s after refusal", got.Status)
			}
		})
		t.Run("a refused grant cannot be approved", func(t *testing.T) {
			expectProblem(t, e.do(t, owner, http.MethodPost, "/admin/v1/grants/"+g.ID+"/approve", nil), http.StatusConflict, "grant_status")
		})
		t.Run("a steward may not request for another agency", func(t *testing.T) {
			req := admin.GrantRequest{Consumer: demo.DLA, Dataset: demo.HouseDataset, Purposes: []string{"licensing"},
				Fields: []string{"address"}, ValidTo: e.clock.now().AddDate(0, 1, 0)}
			expectProblem(t, e.do(t, consumer, http.MethodPost, "/admin/v1/grants", req), http.StatusForbidden, "scope")
		})
		t.Run("the refused request stays out of force", func(t *testing.T) {
			live, err := e.catalog.ListGrants(t.Context(), catalog.GrantFilter{Consumer: demo.NOGRANT, ValidAt: e.clock.now().Add(time.Minute)})
			if err != nil || len(live) != 0 {
				t.Errorf("grants in force for NOGRANT: %v, %v", live, err)
			}
		})
		e.audit.expectAudited(t, admin.ActionGrantRefuse, "dopa-approver")
	})
}

func TestChangeRefusedWhenAuditIsDown(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		tok := e.login(t, "nogrant-steward")
		e.audit.setFailing(true)
		req := admin.GrantRequest{Dataset: demo.HouseDataset, Purposes: []string{"licensing"}, Fields: []string{"address"},
			ValidTo: e.clock.now().AddDate(0, 1, 0)}
		expectProblem(t, e.do(t, tok, http.MethodPost, "/admin/v1/grants", req), http.StatusServiceUnavailable, "audit_unavailable")
		gs, err := e.catalog.ListGrants(t.Context(), catalog.GrantFilter{Consumer: demo.NOGRANT})
		if err != nil || len(gs) != 0 {
			t.Errorf("a change was made without an audit record: %v, %v", gs, err)
		}
		t.Run("login is refused too", func(t *testing.T) {
			rec := e.do(t, "", http.MethodPost, "/admin/v1/sessions", map[string]string{"username": "dla-steward", "password": password})
			expectProblem(t, rec, http.StatusServiceUnavailable, "audit_unavailable")
		})
	})
}

// TestGrantDecisionsRace has the owner's approver approve and refuse the
// same request at once, again and again: exactly one decision may win.
func TestGrantDecisionsRace(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		consumer, owner := e.login(t, "nogrant-steward"), e.login(t, "dopa-approver")
		for round := range 3 {
			g := request(t, e, consumer, demo.HouseDataset, "house_id", "address")
			codes := make(chan int, 2)
			var wg sync.WaitGroup
			for _, step := range []string{"/approve", "/refuse"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes <- e.do(t, owner, http.MethodPost, "/admin/v1/grants/"+g.ID+step, map[string]string{}).Code
				}()
			}
			wg.Wait()
			close(codes)
			ok := 0
			for c := range codes {
				if c == http.StatusOK {
					ok++
				} else if c != http.StatusConflict {
					t.Fatalf("round %d: status %d", round, c)
				}
			}
			if ok != 1 {
				t.Fatalf("round %d: %d decisions won, want exactly 1", round, ok)
			}
			// The next round's request must not overlap this one if it won.
			_ = e.do(t, owner, http.MethodPost, "/admin/v1/grants/"+g.ID+"/revoke", map[string]string{})
		}
	})
}
