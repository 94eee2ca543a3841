package citizen_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/gateway/citizen"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// refused checks that a sign-in ended on an error page with status and
// message, and that the browser holds no session.
func refused(t *testing.T, w *world, b *browser, resp *http.Response, body string, status int, msg string) {
	t.Helper()
	if resp.StatusCode != status || !strings.Contains(body, msg) {
		t.Errorf("ended at %s with %d, want %d with %q:\n%s", resp.Request.URL, resp.StatusCode, status, msg, body)
	}
	if resp, _ := b.get(w.gdxURL + "/citizen/lookups"); resp.Request.URL.Path != "/citizen/" {
		t.Errorf("a refused sign-in left a session: reached %s", resp.Request.URL)
	}
}

// claimsOf decodes a compact JWS's payload without verifying it.
func claimsOf(t *testing.T, raw string) map[string]any {
	t.Helper()
	parts := strings.Split(raw, ".")
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	var c map[string]any
	if err != nil || json.Unmarshal(b, &c) != nil {
		t.Fatalf("ID token payload: %v", err)
	}
	return c
}

// sign signs claims as a JWS with alg and key, naming kid.
func sign(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string, claims map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := s.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := jws.CompactSerialize()
	return out
}

// bind fixes the test of a tamper function.
func bind(t *testing.T, f func(t *testing.T, raw string) string) func(string) string {
	return func(raw string) string { return f(t, raw) }
}

func kidOf(t *testing.T, raw string) string {
	t.Helper()
	h, _ := base64.RawURLEncoding.DecodeString(strings.Split(raw, ".")[0])
	var hdr struct{ Kid string }
	_ = json.Unmarshal(h, &hdr)
	return hdr.Kid
}

// TestTamperedIDTokens changes the ID token between the provider and the
// view; every change must be refused, and no session made.
func TestTamperedIDTokens(t *testing.T) {
	w := newWorld(t)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	edit := func(f func(c map[string]any)) func(t *testing.T, raw string) string {
		return func(t *testing.T, raw string) string {
			c := claimsOf(t, raw)
			f(c)
			return sign(t, jose.ES256, w.idpKey, kidOf(t, raw), c)
		}
	}
	cases := []struct {
		name   string
		tamper func(t *testing.T, raw string) string
	}{
		{"payload swapped under the signature", func(t *testing.T, raw string) string {
			p := strings.Split(raw, ".")
			c := claimsOf(t, raw)
			c["pid"] = citizenB
			b, _ := json.Marshal(c)
			return p[0] + "." + base64.RawURLEncoding.EncodeToString(b) + "." + p[2]
		}},
		{"signature broken", func(t *testing.T, raw string) string {
			p := strings.Split(raw, ".")
			sig := []byte(p[2])
			sig[5] ^= 1
			return p[0] + "." + p[1] + "." + string(sig)
		}},
		{"alg none", func(t *testing.T, raw string) string {
			hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
			return hdr + "." + strings.Split(raw, ".")[1] + "."
		}},
		{"HS256 keyed with the client secret", func(t *testing.T, raw string) string {
			return sign(t, jose.HS256, []byte(clientSecret), "", claimsOf(t, raw))
		}},
		{"signed by another key under the provider's kid", func(t *testing.T, raw string) string {
			return sign(t, jose.ES256, other, kidOf(t, raw), claimsOf(t, raw))
		}},
		{"wrong audience", edit(func(c map[string]any) { c["aud"] = []string{"another-service"} })},
		{"another audience beside gdx, no azp", edit(func(c map[string]any) { c["aud"] = []string{clientID, "another-service"} })},
		{"another audience beside gdx, azp another", edit(func(c map[string]any) {
			c["aud"], c["azp"] = []string{clientID, "another-service"}, "another-service"
		})},
		{"wrong issuer", edit(func(c map[string]any) { c["iss"] = "https://evil.example" })},
		{"expired", edit(func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() })},
		{"wrong nonce", edit(func(c map[string]any) { c["nonce"] = "replayed-nonce" })},
		{"no citizen id", edit(func(c map[string]any) { delete(c, "pid") })},
		{"malformed citizen id", edit(func(c map[string]any) { c["pid"] = "1234567890123" })},
		{"at_hash of another token", edit(func(c map[string]any) { c["at_hash"] = "AAAAAAAAAAAAAAAAAAAAAA" })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w.tamper.set(nil, bind(t, c.tamper))
			defer w.tamper.set(nil, nil)
			b := w.browser(t)
			resp, body := w.signIn(b, citizenA)
			refused(t, w, b, resp, body, http.StatusUnauthorized, "could not be verified")
		})
	}
	for name, f := range map[string]func(map[string]any){
		"genuine claims re-signed with the provider's key": func(map[string]any) {},
		"several audiences with gdx as azp": func(c map[string]any) {
			c["aud"], c["azp"] = []string{clientID, "another-service"}, clientID
		},
	} {
		t.Run(name+" pass", func(t *testing.T) {
			w.tamper.set(nil, bind(t, edit(f)))
			defer w.tamper.set(nil, nil)
			if resp, _ := w.signIn(w.browser(t), citizenA); resp.Request.URL.Path != "/citizen/lookups" {
				t.Errorf("refused: ended at %s with %d", resp.Request.URL, resp.StatusCode)
			}
		})
	}
	t.Run("assurance too low", func(t *testing.T) {
		w.tamper.set(nil, bind(t, edit(func(c map[string]any) { c["ial"] = "1" })))
		defer w.tamper.set(nil, nil)
		b := w.browser(t)
		resp, body := w.signIn(b, citizenA)
		refused(t, w, b, resp, body, http.StatusForbidden, "assurance")
	})
	checkLogs(t, w)
}

// TestFlowRefusals breaks the flow where a browser or a network could: the
// state, the nonce, the PKCE challenge and verifier, a reused code.
func TestFlowRefusals(t *testing.T) {
	w := newWorld(t)
	callback := func(u *url.URL) bool { return u.Path == "/citizen/callback" }
	// stopAtCallback signs in and returns the callback URL unvisited.
	stopAtCallback := func(b *browser) *url.URL {
		b.stop = callback
		defer func() { b.stop = nil }()
		resp, _ := w.signIn(b, citizenA)
		u, err := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || err != nil || !callback(u) {
			t.Fatalf("no redirect to the callback: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		return u
	}
	t.Run("wrong state", func(t *testing.T) {
		b := w.browser(t)
		u := stopAtCallback(b)
		q := u.Query()
		q.Set("state", "forged-state")
		u.RawQuery = q.Encode()
		resp, body := b.get(u.String())
		refused(t, w, b, resp, body, http.StatusBadRequest, "does not belong")
	})
	t.Run("callback from another browser", func(t *testing.T) {
		u := stopAtCallback(w.browser(t))
		b := w.browser(t)
		resp, body := b.get(u.String())
		refused(t, w, b, resp, body, http.StatusBadRequest, "not started in this browser")
	})
	t.Run("wrong nonce in the authorization request", func(t *testing.T) {
		b := w.browser(t)
		b.stop = func(u *url.URL) bool { return strings.HasPrefix(u.String(), w.idp.Issuer()) }
		resp, _ := b.get(w.gdxURL + "/citizen/login")
		b.stop = nil
		u, _ := url.Parse(resp.Header.Get("Location"))
		q := u.Query()
		q.Set("nonce", "attacker-nonce")
		u.RawQuery = q.Encode()
		_, page := b.get(u.String())
		resp, body := b.post(w.idp.Endpoint("/authorize"), url.Values{"req": {field(t, reqField, page)}, "citizen": {citizenA}})
		refused(t, w, b, resp, body, http.StatusUnauthorized, "could not be verified")
	})
	t.Run("no PKCE challenge in the authorization request", func(t *testing.T) {
		b := w.browser(t)
		b.stop = func(u *url.URL) bool { return strings.HasPrefix(u.String(), w.idp.Issuer()) }
		resp, _ := b.get(w.gdxURL + "/citizen/login")
		b.stop = nil
		u, _ := url.Parse(resp.Header.Get("Location"))
		q := u.Query()
		q.Del("code_challenge")
		q.Del("code_challenge_method")
		u.RawQuery = q.Encode()
		resp, body := b.get(u.String()) // the provider sends the error back to the view
		refused(t, w, b, resp, body, http.StatusForbidden, "did not sign you in")
	})
	t.Run("no PKCE verifier in the token request", func(t *testing.T) {
		w.tamper.set(func(f url.Values) { f.Del("code_verifier") }, nil)
		defer w.tamper.set(nil, nil)
		b := w.browser(t)
		resp, body := w.signIn(b, citizenA)
		refused(t, w, b, resp, body, http.StatusBadGateway, "did not accept")
	})
	t.Run("another verifier in the token request", func(t *testing.T) {
		w.tamper.set(func(f url.Values) { f.Set("code_verifier", strings.Repeat("v", 43)) }, nil)
		defer w.tamper.set(nil, nil)
		b := w.browser(t)
		resp, body := w.signIn(b, citizenA)
		refused(t, w, b, resp, body, http.StatusBadGateway, "did not accept")
	})
	t.Run("reused code", func(t *testing.T) {
		b := w.browser(t)
		first := stopAtCallback(b)
		if resp, _ := b.get(first.String()); resp.Request.URL.Path != "/citizen/lookups" {
			t.Fatalf("first use of the code ended at %s", resp.Request.URL)
		}
		// A new sign-in in another browser, answered with the first code.
		b2 := w.browser(t)
		second := stopAtCallback(b2)
		q := second.Query()
		q.Set("code", first.Query().Get("code"))
		second.RawQuery = q.Encode()
		resp, body := b2.get(second.String())
		refused(t, w, b2, resp, body, http.StatusBadGateway, "did not accept")
	})
	t.Run("cancelled at the provider", func(t *testing.T) {
		b := w.browser(t)
		page, _ := w.openLogin(b)
		resp, body := b.post(w.idp.Endpoint("/authorize"), url.Values{"req": {field(t, reqField, page)}, "cancel": {"1"}})
		refused(t, w, b, resp, body, http.StatusForbidden, "You cancelled")
	})
	checkLogs(t, w)
}

// TestNoPageWithoutSession asks every page of the view without a session,
// and with a forged one.
func TestNoPageWithoutSession(t *testing.T) {
	w := newWorld(t)
	seedTrail(t, w)
	for _, cookie := range []string{"", "forged-session-value"} {
		b := w.browser(t)
		b.stop = func(*url.URL) bool { return true }
		if cookie != "" {
			u, _ := url.Parse(w.gdxURL + "/citizen/")
			b.client.Jar.SetCookies(u, []*http.Cookie{{Name: "gdx_citizen", Value: cookie, Path: "/citizen"}})
		}
		for _, path := range []string{"/citizen/lookups", "/citizen/lookups?page=2", "/citizen/lookups.csv"} {
			resp, body := b.get(w.gdxURL + path)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/citizen/" ||
				strings.Contains(body, "dopa.person") || strings.Contains(body, "DLA") {
				t.Errorf("cookie %q, GET %s: %d %s %q", cookie, path, resp.StatusCode, resp.Header.Get("Location"), body)
			}
		}
		if resp, _ := b.post(w.gdxURL+"/citizen/logout", url.Values{}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("logout without a session: %d", resp.StatusCode)
		}
	}
	t.Run("a URL cannot choose whose record", func(t *testing.T) {
		b := w.browser(t)
		w.signIn(b, citizenB)
		for _, q := range []string{"?cid=" + citizenA, "?key_hash=" + w.keyHash(citizenA), "?citizen=" + citizenA} {
			_, body := b.get(w.gdxURL + "/citizen/lookups" + q)
			if strings.Contains(body, "Deciding a business licence application") {
				t.Errorf("%s showed A's lookup to B", q)
			}
		}
	})
}

// TestCookies checks the session cookie's attributes.
func TestCookies(t *testing.T) {
	w := newWorld(t)
	b := w.browser(t)
	b.stop = func(u *url.URL) bool { return u.Path == "/citizen/lookups" }
	resp, _ := w.signIn(b, citizenA)
	for resp.StatusCode == http.StatusSeeOther && resp.Request.URL.Path != "/citizen/callback" {
		t.Fatalf("unexpected stop at %s", resp.Request.URL)
	}
	var found bool
	for _, c := range resp.Cookies() {
		if c.Name == "gdx_citizen" {
			found = true
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/citizen" || c.MaxAge <= 0 || c.Secure {
				t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/citizen, a lifetime, not Secure over http", c)
			}
			if strings.Contains(c.Value, citizenA) {
				t.Errorf("the cookie holds the citizen id")
			}
		}
	}
	if !found {
		t.Fatalf("the callback set no session cookie: %v", resp.Header)
	}
}

// TestProviderDown starts the view with its provider unreachable: it
// starts anyway, and signing in says so with a 503 page.
func TestProviderDown(t *testing.T) {
	w := newWorld(t)
	view, err := citizen.New(citizen.Config{Issuer: "http://127.0.0.1:1", ClientID: clientID, ClientSecret: clientSecret,
		RedirectURL: "http://127.0.0.1:2/citizen/callback"}, citizen.Deps{Audit: w.trail, Hasher: w.hasher})
	if err != nil {
		t.Fatalf("New with the provider away: %v", err)
	}
	engine := httpapi.NewEngine(slog.New(slog.DiscardHandler), 1<<20)
	view.Register(engine)
	srv := httptest.NewServer(engine)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/citizen/login?lang=en")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "cannot be reached") {
		t.Errorf("sign-in with the provider away: %d\n%s", resp.StatusCode, body)
	}
}
