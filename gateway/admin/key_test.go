package admin_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// newKey returns a fresh private signing key and its public JWK as JSON.
func newKey(t *testing.T, kid string) (jose.JSONWebKey, json.RawMessage) {
	t.Helper()
	priv, err := certs.NewSigningKey("ES256", kid)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := json.Marshal(certs.PublicJWK(priv))
	if err != nil {
		t.Fatal(err)
	}
	return priv, pub
}

func TestAgencyKeys(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		ring := certs.NewKeyRing(e.certs, 0, slog.New(slog.DiscardHandler))
		usable := func(kid string) bool {
			if err := ring.Refresh(t.Context()); err != nil {
				t.Fatal(err)
			}
			_, err := ring.AgencyKey(t.Context(), demo.DLA, kid)
			return err == nil
		}
		dla := e.login(t, "dla-steward")
		base := "/admin/v1/agencies/DLA/keys"
		priv, _ := newKey(t, "dla-2026-a")
		privJSON, _ := json.Marshal(priv)
		_, pubA := newKey(t, "dla-2026-a")
		_, pubB := newKey(t, "dla-2026-b")

		t.Run("private JWK is refused with a clear message", func(t *testing.T) {
			p := expectProblem(t, e.do(t, dla, http.MethodPost, base, map[string]any{"jwk": json.RawMessage(privJSON)}), http.StatusBadRequest, "private_key")
			if !strings.Contains(p.Detail, "PUBLIC half") {
				t.Errorf("detail %q does not say to register the public half", p.Detail)
			}
		})
		t.Run("another agency's steward may not add a key", func(t *testing.T) {
			rec := e.do(t, e.login(t, "dopa-steward"), http.MethodPost, base, map[string]any{"jwk": pubA})
			expectProblem(t, rec, http.StatusForbidden, "scope")
		})
		t.Run("public key is registered and verifies", func(t *testing.T) {
			var k admin.Key
			expect(t, e.do(t, dla, http.MethodPost, base, map[string]any{"jwk": pubA}), http.StatusCreated, &k)
			if k.KeyID != "dla-2026-a" || k.State != "current" || !usable("dla-2026-a") {
				t.Errorf("registered key %+v", k)
			}
		})
		t.Run("rotation adds the new key and retires the old after grace", func(t *testing.T) {
			var r admin.Rotation
			expect(t, e.do(t, dla, http.MethodPost, base+"/dla-2026-a/rotate", map[string]any{"jwk": pubB, "grace": "1h"}), http.StatusOK, &r)
			if r.New.KeyID != "dla-2026-b" || r.Old.State != "retiring" || !usable("dla-2026-a") || !usable("dla-2026-b") {
				t.Errorf("rotation %+v", r)
			}
		})
		t.Run("a retiring key cannot be rotated again", func(t *testing.T) {
			_, pubC := newKey(t, "dla-2026-c")
			rec := e.do(t, dla, http.MethodPost, base+"/dla-2026-a/rotate", map[string]any{"jwk": pubC, "grace": "720h"})
			expectProblem(t, rec, http.StatusConflict, "key_not_current")
		})
		t.Run("revocation takes the key out of the ring", func(t *testing.T) {
			expect(t, e.do(t, dla, http.MethodPost, base+"/dla-2026-b/revoke", nil), http.StatusNoContent, nil)
			if usable("dla-2026-b") {
				t.Error("the revoked key still verifies")
			}
			expectProblem(t, e.do(t, dla, http.MethodPost, base+"/dla-2026-b/revoke", nil), http.StatusConflict, "key_revoked")
		})
		t.Run("the list shows every state", func(t *testing.T) {
			var list struct{ Keys []admin.Key }
			expect(t, e.do(t, dla, http.MethodGet, base, nil), http.StatusOK, &list)
			states := map[string]string{}
			for _, k := range list.Keys {
				states[k.KeyID] = k.State
			}
			if states["dla-2026-a"] != "retiring" || states["dla-2026-b"] != "revoked" {
				t.Errorf("key states %v", states)
			}
		})
		for _, action := range []string{admin.ActionKeyAdd, admin.ActionKeyRotate, admin.ActionKeyRevoke} {
			e.audit.expectAudited(t, action, "dla-steward")
		}
	})
}

func TestDatasets(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		person, err := e.catalog.FindDataset(t.Context(), demo.PersonDataset)
		if err != nil {
			t.Fatal(err)
		}
		person.TitleEN = "Civil registry: persons (renamed)"
		stolen := person
		stolen.Owner = demo.DLA
		company, err := e.catalog.FindDataset(t.Context(), demo.CompanyDataset)
		if err != nil {
			t.Fatal(err)
		}
		// A DLA dataset that would serve the civil registry as public data.
		mirror := person
		mirror.ID, mirror.Owner, mirror.Classification = "dla.mirror", demo.DLA, catalog.Public
		// DOPA's own steward lowering the classification alone.
		downgraded := person
		downgraded.Classification = catalog.Internal
		unflagged := person
		unflagged.Fields = append([]catalog.Field(nil), person.Fields...)
		for i := range unflagged.Fields {
			unflagged.Fields[i].Sensitive = false
		}
		tests := []struct {
			name, steward string
			dataset       catalog.Dataset
			status        int
			reason        string
		}{
			{"owner's steward changes its dataset", "dopa-steward", person, http.StatusOK, ""},
			{"auditor may not change it", "dopa-auditor", person, http.StatusForbidden, "role"},
			{"another agency may not change it", "dopa-steward", company, http.StatusForbidden, "scope"},
			{"another agency may not take it over", "dla-steward", stolen, http.StatusForbidden, "scope"},
			{"another agency may not mirror a registry through its connector", "dla-steward", mirror, http.StatusForbidden, "connector_owner_mismatch"},
			{"a steward may not lower the classification", "dopa-steward", downgraded, http.StatusForbidden, "role"},
			{"a steward may not clear sensitive flags", "dopa-steward", unflagged, http.StatusForbidden, "role"},
			{"an approver may lower it", "dopa-approver", downgraded, http.StatusOK, ""},
			{"central admin changes any dataset", "dga-admin", company, http.StatusOK, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := e.do(t, e.login(t, tt.steward), http.MethodPut, "/admin/v1/datasets/"+tt.dataset.ID, tt.dataset)
				if tt.reason != "" {
					expectProblem(t, rec, tt.status, tt.reason)
					return
				}
				expect(t, rec, tt.status, nil)
				e.audit.expectAudited(t, admin.ActionDatasetPut, tt.steward)
			})
		}
		got, err := e.catalog.FindDataset(t.Context(), demo.PersonDataset)
		if err != nil || got.TitleEN != person.TitleEN || got.Owner != demo.DOPA {
			t.Errorf("dataset after the changes: %+v, %v", got, err)
		}
		var list struct{ Datasets []catalog.Dataset }
		expect(t, e.do(t, e.login(t, "dla-steward"), http.MethodGet, "/admin/v1/datasets?owner=DOPA", nil), http.StatusOK, &list)
		if len(list.Datasets) != 4 {
			t.Errorf("DOPA lists %d datasets", len(list.Datasets))
		}
	})
}

func TestPasswordHash(t *testing.T) {
	hash, err := admin.HashPassword(password, cheap)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, hash, password string
		ok                   bool
		err                  bool
	}{
		{"right password matches", hash, password, true, false},
		{"wrong password does not", hash, password + "!", false, false},
		{"bcrypt hash is an error", "$2a$10$abcdefghijklmnopqrstuv", password, false, true},
		{"absurd memory is an error", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$dGFndGFndGFndGFndGFn", password, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := admin.VerifyPassword(tt.hash, tt.password)
			if ok != tt.ok || (err != nil) != tt.err {
				t.Errorf("VerifyPassword = %v, %v", ok, err)
			}
		})
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash %q is not a PHC string with the parameters", hash)
	}
	if _, err := admin.HashPassword("short", cheap); catalog.ErrorKind(err) != catalog.KindInvalid {
		t.Errorf("short password: %v", err)
	}
}
