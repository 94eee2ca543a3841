package digitalid_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors/sim/digitalid"
)

// TestAuthorizeRefusals checks the authorization endpoint's errors: a bad
// client or redirect URI is an error page (never a redirect), every other
// error goes back to the client with its code and the state.
func TestAuthorizeRefusals(t *testing.T) {
	h := start(t)
	cases := []struct {
		name string
		edit func(q url.Values)
		page bool   // answered with an error page, not redirected
		want string // the error code redirected back
	}{
		{"unknown client", func(q url.Values) { q.Set("client_id", "stranger") }, true, ""},
		{"redirect URI not registered", func(q url.Values) { q.Set("redirect_uri", rpRedirect+"/x") }, true, ""},
		{"redirect URI differs in case", func(q url.Values) { q.Set("redirect_uri", strings.ToUpper(rpRedirect)) }, true, ""},
		{"no redirect URI", func(q url.Values) { q.Del("redirect_uri") }, true, ""},
		{"no PKCE challenge", func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }, false, "invalid_request"},
		{"plain PKCE", func(q url.Values) { q.Set("code_challenge_method", "plain") }, false, "invalid_request"},
		{"malformed challenge", func(q url.Values) { q.Set("code_challenge", "short") }, false, "invalid_request"},
		{"implicit flow", func(q url.Values) { q.Set("response_type", "id_token token") }, false, "unsupported_response_type"},
		{"no openid scope", func(q url.Values) { q.Set("scope", "profile") }, false, "invalid_scope"},
		{"unknown scope", func(q url.Values) { q.Set("scope", "openid email") }, false, "invalid_scope"},
		{"repeated parameter", func(q url.Values) { q.Add("state", "again") }, false, "invalid_request"},
		{"prompt none", func(q url.Values) { q.Set("prompt", "none") }, false, "login_required"},
		{"request object", func(q url.Values) { q.Set("request", "eyJ.x.y") }, false, "request_not_supported"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := authQuery()
			c.edit(q)
			resp, body := h.get(t, "/authorize", q)
			if c.page {
				if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" || !strings.Contains(body, "<h1>") {
					t.Fatalf("%d Location=%q: want a 400 error page", resp.StatusCode, resp.Header.Get("Location"))
				}
				return
			}
			loc, _ := url.Parse(resp.Header.Get("Location"))
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc.String(), rpRedirect+"?") {
				t.Fatalf("%d Location=%q: want a redirect to the client", resp.StatusCode, loc)
			}
			if got := loc.Query(); got.Get("error") != c.want || got.Get("state") != q.Get("state") || got.Get("code") != "" {
				t.Errorf("redirect %s: want error=%s with the state and no code", loc, c.want)
			}
		})
	}
}

// TestTokenRefusals checks the token endpoint against RFC 6749 §5.2 and
// RFC 7636 §4.6.
func TestTokenRefusals(t *testing.T) {
	h := start(t)
	cases := []struct {
		name   string
		form   func(code string) url.Values
		status int
		want   string
	}{
		{"missing verifier", func(c string) url.Values { f := exchangeForm(c); f.Del("code_verifier"); return f }, 400, "invalid_request"},
		{"wrong verifier", func(c string) url.Values {
			f := exchangeForm(c)
			f.Set("code_verifier", strings.Repeat("a", 43))
			return f
		}, 400, "invalid_grant"},
		{"the challenge as verifier", func(c string) url.Values { f := exchangeForm(c); f.Set("code_verifier", challenge(verifier)); return f }, 400, "invalid_grant"},
		{"wrong redirect URI", func(c string) url.Values { f := exchangeForm(c); f.Set("redirect_uri", rpRedirect+"2"); return f }, 400, "invalid_grant"},
		{"no redirect URI", func(c string) url.Values { f := exchangeForm(c); f.Del("redirect_uri"); return f }, 400, "invalid_grant"},
		{"unknown code", func(string) url.Values { return exchangeForm("forged") }, 400, "invalid_grant"},
		{"no code", func(string) url.Values { f := exchangeForm(""); f.Del("code"); return f }, 400, "invalid_request"},
		{"wrong grant type", func(c string) url.Values { f := exchangeForm(c); f.Set("grant_type", "password"); return f }, 400, "unsupported_grant_type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, out := h.token(t, c.form(h.code(t)))
			if status != c.status || out["error"] != c.want || out["id_token"] != nil {
				t.Errorf("token = %d %v, want %d %s", status, out, c.status, c.want)
			}
		})
	}
	t.Run("code used up by a failed attempt", func(t *testing.T) {
		code := h.code(t)
		f := exchangeForm(code)
		f.Del("code_verifier")
		h.token(t, f)
		if status, out := h.token(t, exchangeForm(code)); status != 400 || out["error"] != "invalid_grant" {
			t.Errorf("second attempt = %d %v, want invalid_grant", status, out)
		}
	})
	t.Run("expired code", func(t *testing.T) {
		code := h.code(t)
		h.clock.Add(digitalid.DefaultCodeTTL + time.Second)
		if status, out := h.token(t, exchangeForm(code)); status != 400 || out["error"] != "invalid_grant" {
			t.Errorf("expired = %d %v, want invalid_grant", status, out)
		}
	})
}

// TestCodeReuseRevokes redeems a code twice: the second is invalid_grant
// and the first's access token stops working (RFC 6749 §4.1.2).
func TestCodeReuseRevokes(t *testing.T) {
	h := start(t)
	code := h.code(t)
	status, out := h.token(t, exchangeForm(code))
	if status != 200 {
		t.Fatalf("first exchange: %d %v", status, out)
	}
	userinfo := func() int {
		resp, _ := h.do(t, http.MethodGet, h.p.Endpoint("/userinfo"), nil, func(r *http.Request) {
			r.Header.Set("Authorization", "Bearer "+out["access_token"].(string))
		})
		return resp.StatusCode
	}
	if got := userinfo(); got != 200 {
		t.Fatalf("userinfo with a fresh token: %d", got)
	}
	if status, again := h.token(t, exchangeForm(code)); status != 400 || again["error"] != "invalid_grant" {
		t.Fatalf("reuse = %d %v, want invalid_grant", status, again)
	}
	if got := userinfo(); got != http.StatusUnauthorized {
		t.Errorf("userinfo after reuse: %d, want 401", got)
	}
}

// TestClientAuthentication checks the token endpoint's client checks.
func TestClientAuthentication(t *testing.T) {
	h := start(t)
	cases := []struct {
		name string
		auth func(r *http.Request, f url.Values)
		want string
	}{
		{"no credentials", func(*http.Request, url.Values) {}, "invalid_client"},
		{"wrong secret", func(r *http.Request, _ url.Values) { r.SetBasicAuth(rpID, "guess") }, "invalid_client"},
		{"unknown client", func(r *http.Request, _ url.Values) { r.SetBasicAuth("stranger", rpSecret) }, "invalid_client"},
		{"post for a basic client", nil, "invalid_client"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := exchangeForm(h.code(t))
			if c.auth == nil {
				f.Set("client_id", rpID)
				f.Set("client_secret", rpSecret)
			}
			resp, body := h.do(t, http.MethodPost, h.p.Endpoint("/token"), f, func(r *http.Request) {
				if c.auth != nil {
					c.auth(r, f)
				}
			})
			if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"`+c.want+`"`) {
				t.Errorf("%d %s, want 401 %s", resp.StatusCode, body, c.want)
			}
		})
	}
}

// TestLoginPage checks the login page's answers: a wrong password is
// shown again until too many, a typed id signs in at AAL 1, cancel is
// access_denied.
func TestLoginPage(t *testing.T) {
	h := start(t)
	t.Run("headers", func(t *testing.T) {
		resp, body := h.get(t, "/authorize", authQuery())
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "form-action 'self' https://gdx.example"} {
			if !strings.Contains(csp, want) {
				t.Errorf("CSP %q lacks %q", csp, want)
			}
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") != "no-referrer" ||
			strings.Contains(body, "<script") || !strings.Contains(body, "เข้าสู่ระบบ") || !strings.Contains(body, "Sign in") {
			t.Errorf("headers %v or body lacks the bilingual, script-free page", resp.Header)
		}
	})
	t.Run("wrong password until locked out", func(t *testing.T) {
		req := h.loginPage(t, authQuery())
		for i := 1; i <= 5; i++ {
			resp, body := h.do(t, http.MethodPost, h.p.Endpoint("/authorize"),
				url.Values{"req": {req}, "cid": {demo.PersonKey(7)}, "password": {"nope"}}, nil)
			want := http.StatusUnauthorized
			if i == 5 {
				want = http.StatusForbidden
			}
			if resp.StatusCode != want || !strings.Contains(body, `role="alert"`) {
				t.Fatalf("attempt %d: %d, want %d with a message", i, resp.StatusCode, want)
			}
		}
	})
	t.Run("the locked id is refused even with the right password, until the lock ends", func(t *testing.T) {
		form := url.Values{"req": {h.loginPage(t, authQuery())}, "cid": {demo.PersonKey(7)}, "password": {password}}
		resp, body := h.do(t, http.MethodPost, h.p.Endpoint("/authorize"), form, nil)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" ||
			!strings.Contains(body, "locked for 15 minutes") {
			t.Fatalf("locked id: %d Retry-After=%q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		h.clock.Add(16 * time.Minute)
		form.Set("req", h.loginPage(t, authQuery()))
		if u := h.login(t, form); u.Query().Get("code") == "" {
			t.Errorf("after the lock: redirected to %s", u)
		}
	})
	t.Run("typed id with the demo password", func(t *testing.T) {
		u := h.login(t, url.Values{"req": {h.loginPage(t, authQuery())}, "cid": {demo.PersonKey(8)}, "password": {password}})
		status, out := h.token(t, exchangeForm(u.Query().Get("code")))
		if status != 200 || out["id_token"] == nil {
			t.Fatalf("token: %d %v", status, out)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		u := h.login(t, url.Values{"req": {h.loginPage(t, authQuery())}, "cancel": {"1"}})
		if u.Query().Get("error") != "access_denied" || u.Query().Get("state") != "st-1" {
			t.Errorf("cancel redirected to %s", u)
		}
	})
	t.Run("a login page is single use", func(t *testing.T) {
		req := h.loginPage(t, authQuery())
		h.login(t, url.Values{"req": {req}, "citizen": {demo.PersonKey(1)}})
		resp, _ := h.do(t, http.MethodPost, h.p.Endpoint("/authorize"), url.Values{"req": {req}, "citizen": {demo.PersonKey(1)}}, nil)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("second submit: %d, want 400", resp.StatusCode)
		}
	})
}

func TestConfigValidate(t *testing.T) {
	ok := digitalid.Config{Issuer: "https://id.example", Password: "p",
		Clients: []digitalid.Client{{ID: "a", Secret: "b", RedirectURIs: []string{"https://rp.example/cb"}}}}
	cases := []struct {
		name string
		edit func(c *digitalid.Config)
		want string
	}{
		{"valid", func(*digitalid.Config) {}, ""},
		{"http off loopback", func(c *digitalid.Config) { c.Issuer = "http://id.example" }, "https"},
		{"trailing slash", func(c *digitalid.Config) { c.Issuer = "https://id.example/" }, "trailing slash"},
		{"no password", func(c *digitalid.Config) { c.Password = "" }, "password"},
		{"no clients", func(c *digitalid.Config) { c.Clients = nil }, "no client"},
		{"bad auth method", func(c *digitalid.Config) { c.Clients[0].AuthMethod = "none" }, "auth method"},
		{"bad demo citizen", func(c *digitalid.Config) { c.Citizens = []digitalid.Citizen{{ID: "123", IAL: "2.3", AAL: "2"}} }, "demo citizen"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := ok
			cfg.Clients = append([]digitalid.Client(nil), ok.Clients...)
			c.edit(&cfg)
			_, err := digitalid.New(cfg)
			if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
				t.Errorf("New = %v, want %q", err, c.want)
			}
		})
	}
}

func TestDemoCitizens(t *testing.T) {
	cs := digitalid.DemoCitizens()
	if len(cs) != 3 || cs[0].ID != demo.PersonKey(1) || cs[2].ID != demo.PersonKey(42) || cs[0].NameTH == "" || cs[0].NameEN == "" {
		t.Errorf("DemoCitizens = %+v, want persons 1, 2 and 42 with names", cs)
	}
}
