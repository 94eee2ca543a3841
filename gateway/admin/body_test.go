package admin_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// TestBodiesAreReadStrictly sends bodies that encoding/json alone would
// read one way and a second reader another: each is refused before the
// service sees it, with the decoder's reason.
func TestBodiesAreReadStrictly(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		login := `{"username":"dopa-steward","password":"` + password + `"`
		tests := []struct {
			name, body string
			status     int
			reason     string
		}{
			{"username given twice", login + `,"username":"dga-admin"}`, http.StatusBadRequest, "duplicate_member"},
			{"username twice, differing in case", login + `,"USERNAME":"dga-admin"}`, http.StatusBadRequest, "duplicate_member"},
			{"a name only in another case", `{"Username":"dopa-steward","password":"` + password + `"}`, http.StatusBadRequest, "unknown_member"},
			{"an unknown member", login + `,"role":"admin"}`, http.StatusBadRequest, "unknown_member"},
			{"two objects", login + `}{"username":"dga-admin"}`, http.StatusBadRequest, "body_malformed"},
			{"bytes that are not UTF-8", "{\"username\":\"dopa-steward\xff\",\"password\":\"" + password + `"}`, http.StatusBadRequest, "body_not_utf8"},
			{"a lone surrogate", `{"username":"dopa-steward\udc00","password":"` + password + `"}`, http.StatusBadRequest, "body_not_utf8"},
			{"a NUL, which PostgreSQL cannot store", `{"username":"dopa-steward\u0000","password":"` + password + `"}`, http.StatusBadRequest, "body_nul"},
			{"a body over the limit", login + `,"x":"` + strings.Repeat("a", 70<<10) + `"}`, http.StatusRequestEntityTooLarge, "body_too_large"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				expectProblem(t, e.do(t, "", http.MethodPost, "/admin/v1/sessions", tt.body), tt.status, tt.reason)
			})
		}
		for _, who := range []string{"dopa-steward", "dga-admin"} {
			if e.audit.has(admin.ActionLogin, who, admin.OutcomeDone) {
				t.Errorf("a refused body logged %s in", who)
			}
		}
	})
}

// TestParsePublicJWKRefusesAmbiguousKeys covers the path that does not
// come through an HTTP body (the CLI's key files).
func TestParsePublicJWKRefusesAmbiguousKeys(t *testing.T) {
	_, pub := newKey(t, "dla-1")
	raw, err := json.Marshal(pub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ParsePublicJWK(raw); err != nil {
		t.Fatalf("a plain public JWK: %v", err)
	}
	for name, bad := range map[string]string{
		"x given twice":   strings.Replace(string(raw), `"x":`, `"x":"AAAA","x":`, 1),
		"not UTF-8":       strings.Replace(string(raw), `"kid":"dla-1"`, "\"kid\":\"dla-1\xff\"", 1),
		"trailing object": string(raw) + `{}`,
	} {
		if _, err := admin.ParsePublicJWK(json.RawMessage(bad)); catalog.ErrorReason(err) != "bad_jwk" {
			t.Errorf("%s: %v; want bad_jwk", name, err)
		}
	}
}

// TestQueriesAreReadStrictly: a misspelt or repeated filter is refused,
// not ignored (a misspelt agency filter would list every agency's events).
func TestQueriesAreReadStrictly(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		auditor := e.login(t, "dopa-auditor")
		tests := []struct{ path, reason string }{
			{"/admin/v1/audit/events?agnecy=DOPA", "query_unknown"},
			{"/admin/v1/audit/events?dataset=dopa.person&dataset=dopa.house", "query_repeated"},
			{"/admin/v1/audit/events?dataset=dopa.person;kind=lookup", "query_malformed"},
			{"/admin/v1/me?debug=1", "query_unknown"},
		}
		for _, tt := range tests {
			expectProblem(t, e.do(t, auditor, http.MethodGet, tt.path, nil), http.StatusBadRequest, tt.reason)
		}
		expectProblem(t, e.do(t, auditor, http.MethodGet, "/admin/v1/datasets?owner=DOPA&owner=DBD", nil), http.StatusBadRequest, "query_repeated")
		expect(t, e.do(t, auditor, http.MethodGet, "/admin/v1/datasets?owner=DOPA", nil), http.StatusOK, nil)
	})
}
