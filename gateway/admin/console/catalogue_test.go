package console_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/gateway/admin/console"
	"github.com/gdx-exchange/gdx/policies"
)

// keyUse finds the message keys the templates ({{.T "key"}}) and the Go
// files (T("key"), Page(c, "key")) name literally.
var keyUse = regexp.MustCompile(`(?:\.T|T\(|Page\(c,|done\(c, [^,]+,) ?"([a-z_]+\.[a-z_.]+)"`)

func TestEveryMessageKeyExistsInBothLanguages(t *testing.T) {
	e := newEnv(t)
	c, err := console.New(e.svc, console.Config{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	cat := c.Site().Catalogue()
	if m := cat.Missing(); len(m) > 0 {
		t.Errorf("keys missing in a language: %v", m)
	}
	files, _ := filepath.Glob("templates/*/*.html")
	gofiles, _ := filepath.Glob("*.go")
	used := 0
	for _, f := range append(files, gofiles...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(b), -1) {
			used++
			if !cat.Has(m[1]) {
				t.Errorf("%s uses message %q, which is not in both catalogues", f, m[1])
			}
		}
	}
	var dynamic []string
	for _, k := range audit.Kinds {
		dynamic = append(dynamic, "audit.kind."+string(k))
	}
	for _, d := range audit.Decisions {
		dynamic = append(dynamic, "audit.decision."+string(d))
	}
	for _, r := range admin.Roles {
		dynamic = append(dynamic, "role."+string(r))
	}
	for _, s := range []policies.Status{policies.StatusDraft, policies.StatusTested, policies.StatusFailed, policies.StatusApproved,
		policies.StatusActive, policies.StatusSuperseded, policies.StatusRejected} {
		dynamic = append(dynamic, "policy.status."+string(s))
	}
	for _, s := range []catalog.GrantStatus{catalog.GrantRequested, catalog.GrantActive, catalog.GrantRefused, catalog.GrantRevoked} {
		dynamic = append(dynamic, "grant.status."+string(s))
	}
	for _, k := range []catalog.Kind{catalog.KindInvalid, catalog.KindForbidden, catalog.KindNotFound, catalog.KindConflict,
		catalog.KindRateLimited, catalog.KindTooLarge, catalog.KindUnavailable} {
		dynamic = append(dynamic, "refused."+string(k))
	}
	for _, k := range []policies.ChangeKind{policies.NewlyAllowed, policies.NewlyDenied, policies.FieldsChanged} {
		dynamic = append(dynamic, "impact.kind."+string(k))
	}
	for _, k := range dynamic {
		if !cat.Has(k) {
			t.Errorf("message %q, chosen by value, is not in both catalogues", k)
		}
	}
	if used < 100 {
		t.Errorf("found only %d message uses; the pattern is broken", used)
	}
}

func TestSessionCookieIsSecureUnderTLS(t *testing.T) {
	e := newEnv(t)
	c, err := console.New(e.svc, console.Config{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	g := gin.New()
	c.Register(g)
	srv := httptest.NewTLSServer(g)
	t.Cleanup(srv.Close)
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := client.Get(srv.URL + "/console/login")
	if err != nil {
		t.Fatal(err)
	}
	raw := new(strings.Builder)
	_, _ = ioCopy(raw, res)
	form := url.Values{"username": {"dopa-steward"}, "password": {e.passwords["dopa-steward"]}, "csrf_token": {csrfOf(raw.String())}}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/console/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range res.Cookies() {
		req.AddCookie(ck)
	}
	res2, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusSeeOther {
		t.Fatalf("login over TLS: %d", res2.StatusCode)
	}
	for _, ck := range res2.Cookies() {
		if ck.Name == console.SessionCookie && !ck.Secure {
			t.Error("the session cookie is not Secure under TLS")
		}
	}
	if res2.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS under TLS")
	}
}

func ioCopy(w *strings.Builder, res *http.Response) (int64, error) {
	defer res.Body.Close()
	return io.Copy(w, res.Body)
}
