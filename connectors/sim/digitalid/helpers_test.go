package digitalid_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors/sim/digitalid"
)

const (
	rpID       = "gdx-citizen"
	rpSecret   = "s3cret-of-gdx"
	rpRedirect = "https://gdx.example/citizen/callback"
	postID     = "post-client"
	postSecret = "post-secret"
	password   = "demo-password"
)

// verifier and its S256 challenge, as RFC 7636 appendix B computes them.
const verifier = "dBjftJeZ4CVP-mJ92K1cnwSzJ4Ck-LOT_rG3Gw7-PtSn"

func challenge(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// clock is a settable clock for the provider.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is a provider served over real HTTP.
type harness struct {
	p      *digitalid.Provider
	srv    *httptest.Server
	clock  *clock
	client *http.Client // never follows redirects
}

// start serves a provider at an issuer with a path, so that the tests
// also check that every endpoint lives below it.
func start(t *testing.T) *harness {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String() + "/digitalid"
	clk := &clock{t: time.Now()}
	p, err := digitalid.New(digitalid.Config{
		Issuer: issuer, Password: password, Now: clk.Now,
		Clients: []digitalid.Client{
			{ID: rpID, Secret: rpSecret, RedirectURIs: []string{rpRedirect}},
			{ID: postID, Secret: postSecret, RedirectURIs: []string{"http://127.0.0.1:9/cb"}, AuthMethod: digitalid.AuthPost},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = p
	srv.Start()
	t.Cleanup(srv.Close)
	return &harness{p: p, srv: srv, clock: clk, client: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// authQuery is a well-formed authorization request of the first client.
func authQuery() url.Values {
	return url.Values{"client_id": {rpID}, "redirect_uri": {rpRedirect}, "response_type": {"code"},
		"scope": {"openid profile"}, "state": {"st-1"}, "nonce": {"n-1"},
		"code_challenge": {challenge(verifier)}, "code_challenge_method": {"S256"}}
}

func (h *harness) get(t *testing.T, path string, q url.Values) (*http.Response, string) {
	t.Helper()
	return h.do(t, http.MethodGet, h.p.Endpoint(path)+"?"+q.Encode(), nil, nil)
}

func (h *harness) do(t *testing.T, method, u string, form url.Values, edit func(*http.Request)) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(context.Background(), method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if edit != nil {
		edit(req)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var reqField = regexp.MustCompile(`name="req" value="([^"]+)"`)

// loginPage opens the login page for q and returns its pending login.
func (h *harness) loginPage(t *testing.T, q url.Values) string {
	t.Helper()
	resp, body := h.get(t, "/authorize", q)
	m := reqField.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("login page: %d %s", resp.StatusCode, body)
	}
	return html.UnescapeString(m[1])
}

// login submits the login form and returns the redirect it answers.
func (h *harness) login(t *testing.T, form url.Values) *url.URL {
	t.Helper()
	resp, body := h.do(t, http.MethodPost, h.p.Endpoint("/authorize"), form, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d %s", resp.StatusCode, body)
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// code signs in demo citizen 1 and returns the code.
func (h *harness) code(t *testing.T) string {
	t.Helper()
	u := h.login(t, url.Values{"req": {h.loginPage(t, authQuery())}, "citizen": {demo.PersonKey(1)}})
	if u.Query().Get("code") == "" {
		t.Fatalf("no code in %s", u)
	}
	return u.Query().Get("code")
}

// token posts a token request with client_secret_basic.
func (h *harness) token(t *testing.T, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, body := h.do(t, http.MethodPost, h.p.Endpoint("/token"), form, func(r *http.Request) {
		r.SetBasicAuth(rpID, rpSecret)
	})
	var out map[string]any
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("token answer %d is not JSON: %s", resp.StatusCode, body)
	}
	return resp.StatusCode, out
}

func exchangeForm(code string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {rpRedirect},
		"code_verifier": {verifier}}
}
