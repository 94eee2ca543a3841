package admin_test

import (
	"net/http"
	"testing"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/policies"
)

func TestStewardManagement(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		central := e.login(t, "dga-admin")
		add := admin.NewSteward{Agency: demo.DLA, Username: "dla-newcomer", DisplayName: "สมหญิง", Roles: []admin.Role{policies.RoleSteward}}

		expectProblem(t, e.do(t, e.login(t, "dla-steward"), http.MethodPost, "/admin/v1/stewards", add), http.StatusForbidden, "role")
		var created admin.CreatedSteward
		expect(t, e.do(t, central, http.MethodPost, "/admin/v1/stewards", add), http.StatusCreated, &created)
		if created.Password == "" || created.Steward.Agency != demo.DLA {
			t.Fatalf("created = %+v", created)
		}
		login := map[string]string{"username": "dla-newcomer", "password": created.Password}
		if rec := e.do(t, "", http.MethodPost, "/admin/v1/sessions", login); rec.Code != http.StatusCreated {
			t.Fatalf("the new steward cannot log in: %d %s", rec.Code, rec.Body)
		}
		expectProblem(t, e.do(t, central, http.MethodPost, "/admin/v1/stewards", add), http.StatusConflict, "")

		if rec := e.do(t, central, http.MethodPost, "/admin/v1/stewards/dla-newcomer/disable", nil); rec.Code != http.StatusNoContent {
			t.Fatalf("disable: %d %s", rec.Code, rec.Body)
		}
		if rec := e.do(t, "", http.MethodPost, "/admin/v1/sessions", login); rec.Code != http.StatusUnauthorized {
			t.Fatalf("a disabled steward logged in: %d", rec.Code)
		}
		e.audit.expectAudited(t, admin.ActionStewardAdd, "dga-admin")
		e.audit.expectAudited(t, admin.ActionStewardDisable, "dga-admin")
	})
}
