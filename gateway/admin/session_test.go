package admin_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

func TestLogin(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		tests := []struct {
			name, username, password string
			status                   int
			reason                   string
		}{
			{"right password opens a session", "dopa-steward", password, http.StatusCreated, ""},
			{"wrong password is refused", "dopa-steward", "not the password at all", http.StatusUnauthorized, "bad_credentials"},
			{"unknown username is refused alike", "nobody-here", password, http.StatusUnauthorized, "bad_credentials"},
			{"empty password is refused as bad input", "dopa-steward", "", http.StatusBadRequest, "bad_body"},
		}
		var details []string
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := e.do(t, "", http.MethodPost, "/admin/v1/sessions", gin.H{"username": tt.username, "password": tt.password})
				if tt.status != http.StatusCreated {
					p := expectProblem(t, rec, tt.status, tt.reason)
					if tt.status == http.StatusUnauthorized {
						details = append(details, p.Detail)
					}
					return
				}
				var tok admin.Token
				expect(t, rec, http.StatusCreated, &tok)
				if !strings.HasPrefix(tok.Token, "gdxs_") || len(tok.Token) != 48 || tok.Steward.Username != tt.username {
					t.Errorf("token %q for %q", tok.Token, tok.Steward.Username)
				}
				if got := tok.ExpiresAt.Sub(e.clock.now()); got != admin.DefaultSessionTTL {
					t.Errorf("session lives %s, want %s", got, admin.DefaultSessionTTL)
				}
				if strings.Contains(rec.Body.String(), "argon2") {
					t.Error("the login answer shows the password hash")
				}
			})
		}
		if len(details) >= 2 && details[0] != details[1] {
			t.Errorf("wrong password and unknown user answer differently: %q vs %q", details[0], details[1])
		}
		if !e.audit.has(admin.ActionLogin, "dopa-steward", admin.OutcomeDone) ||
			!e.audit.has(admin.ActionLoginRefused, "nobody-here", admin.OutcomeFailed) {
			t.Error("logins are not audited")
		}
	})
}

func TestLockoutAfterRepeatedFailures(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		for range admin.DefaultLockout.MaxFailures {
			rec := e.do(t, "", http.MethodPost, "/admin/v1/sessions", gin.H{"username": "dla-steward", "password": "guess guess guess"})
			expectProblem(t, rec, http.StatusUnauthorized, "bad_credentials")
		}
		t.Run("locked account refuses the right password", func(t *testing.T) {
			rec := e.do(t, "", http.MethodPost, "/admin/v1/sessions", gin.H{"username": "dla-steward", "password": password})
			expectProblem(t, rec, http.StatusUnauthorized, "bad_credentials")
		})
		t.Run("other accounts are not locked", func(t *testing.T) {
			e.login(t, "dopa-steward")
		})
		t.Run("lock ends after its duration", func(t *testing.T) {
			e.clock.advance(admin.DefaultLockout.Duration + time.Second)
			e.login(t, "dla-steward")
		})
	})
}

func TestSessions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		e := newEnv(t, engine)
		t.Run("bearer token opens the API", func(t *testing.T) {
			tok := e.login(t, "dopa-steward")
			var me struct{ Steward admin.Steward }
			expect(t, e.do(t, tok, http.MethodGet, "/admin/v1/me", nil), http.StatusOK, &me)
			if me.Steward.Username != "dopa-steward" || me.Steward.Agency != "DOPA" {
				t.Errorf("me = %+v", me.Steward)
			}
		})
		t.Run("no token is refused", func(t *testing.T) {
			rec := e.do(t, "", http.MethodGet, "/admin/v1/me", nil)
			expectProblem(t, rec, http.StatusUnauthorized, "no_session")
			if rec.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
		t.Run("forged token is refused", func(t *testing.T) {
			expectProblem(t, e.do(t, "gdxs_"+strings.Repeat("A", 43), http.MethodGet, "/admin/v1/me", nil), http.StatusUnauthorized, "no_session")
		})
		t.Run("expired session is refused", func(t *testing.T) {
			tok := e.login(t, "dopa-steward")
			e.clock.advance(admin.DefaultSessionTTL)
			expectProblem(t, e.do(t, tok, http.MethodGet, "/admin/v1/me", nil), http.StatusUnauthorized, "session_expired")
		})
		t.Run("logged-out session is refused", func(t *testing.T) {
			tok := e.login(t, "dopa-steward")
			expect(t, e.do(t, tok, http.MethodDelete, "/admin/v1/sessions", nil), http.StatusNoContent, nil)
			expectProblem(t, e.do(t, tok, http.MethodGet, "/admin/v1/me", nil), http.StatusUnauthorized, "no_session")
		})
		t.Run("disabled account loses its session", func(t *testing.T) {
			tok := e.login(t, "dla-steward")
			st, err := e.admins.FindStewardByUsername(t.Context(), "dla-steward")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.admins.SetDisabled(t.Context(), st.ID, true); err != nil {
				t.Fatal(err)
			}
			expectProblem(t, e.do(t, tok, http.MethodGet, "/admin/v1/me", nil), http.StatusUnauthorized, "no_session")
		})
	})
}
