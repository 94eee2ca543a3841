package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/gateway/admin/console"
)

func TestLoginAndLogout(t *testing.T) {
	e := newEnv(t)
	b := e.browser(t)
	b.get("/console/login?lang=en")
	home := b.login("dopa-steward")
	must(t, home, http.StatusOK, "dopa-steward", "DOPA", `action="/console/logout"`)
	e.audit.expect(t, admin.ActionLogin, "dopa-steward", admin.OutcomeDone)

	u, _ := url.Parse(e.srv.URL + "/console/")
	var ck *http.Cookie
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == console.SessionCookie {
			ck = c
		}
	}
	if ck == nil {
		t.Fatal("no session cookie after login")
	}
	p := b.postFollow("/console/logout", url.Values{})
	must(t, p, http.StatusOK, "You have logged out")
	e.audit.expect(t, admin.ActionLogout, "dopa-steward", admin.OutcomeDone)
	if _, _, err := e.svc.Authenticate(t.Context(), ck.Value); err == nil {
		t.Error("the session still opens after logout")
	}
	if p := b.get("/console/datasets"); !strings.Contains(p.body, `action="/console/login"`) {
		t.Errorf("after logout the datasets page is shown: %.300s", p.body)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	e := newEnv(t)
	b := e.browser(t)
	b.get("/console/login")
	p := b.post("/console/login", url.Values{"username": {"dopa-steward"}, "password": {e.passwords["dopa-steward"]}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("login status %d: %.500s", p.status, p.body)
	}
	var set string
	for _, h := range p.header.Values("Set-Cookie") {
		if strings.HasPrefix(h, console.SessionCookie+"=") {
			set = h
		}
	}
	for _, want := range []string{"Path=/console", "HttpOnly", "SameSite=Strict", "Expires="} {
		if !strings.Contains(set, want) {
			t.Errorf("session cookie %q lacks %s", set, want)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Errorf("session cookie %q is Secure over plain HTTP, which a browser would drop", set)
	}
}

func TestBadLoginShowsMessageInPageLanguage(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		lang, want string
	}{
		{"en", "Unknown username or wrong password. After 5 failed attempts"},
		{"th", "ชื่อผู้ใช้ไม่ถูกต้องหรือรหัสผ่านผิด"},
	} {
		b := e.browser(t)
		b.get("/console/login?lang=" + tc.lang)
		p := b.post("/console/login", url.Values{"username": {"dopa-approver"}, "password": {"wrong"}})
		must(t, p, http.StatusUnauthorized, tc.want, `value="dopa-approver"`, `lang="`+tc.lang+`"`)
	}
	b := e.browser(t)
	b.get("/console/login?lang=en")
	p := b.post("/console/login", url.Values{"username": {""}, "password": {""}})
	must(t, p, http.StatusBadRequest, `id="username-error"`, "Enter your username.", "Enter your password.")
}

func TestLockoutRefusesEvenTheRightPassword(t *testing.T) {
	e := newEnv(t)
	b := e.browser(t)
	b.get("/console/login?lang=en")
	for range admin.DefaultLockout.MaxFailures {
		b.post("/console/login", url.Values{"username": {"dbd-steward"}, "password": {"guess"}})
	}
	p := b.post("/console/login", url.Values{"username": {"dbd-steward"}, "password": {e.passwords["dbd-steward"]}})
	must(t, p, http.StatusUnauthorized, "locked for 15 minutes")
	e.audit.expect(t, admin.ActionLoginRefused, "dbd-steward", admin.OutcomeFailed)
	e.clock.advance(admin.DefaultLockout.Duration + time.Second)
	b.login("dbd-steward")
}

func TestNoPageWithoutSession(t *testing.T) {
	e := newEnv(t)
	b := e.browser(t)
	for _, path := range []string{"/console/", "/console/datasets", "/console/purposes", "/console/grants", "/console/grants/g-dla-person",
		"/console/policies", "/console/policies/1", "/console/policies/1/impact", "/console/policies/new", "/console/audit",
		"/console/audit/subject", "/console/traffic"} {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
		p := b.do(req)
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/console/login?next=") {
			t.Errorf("GET %s without a session: %d to %q, want 303 to the login page", path, p.status, p.location)
		}
	}
	b.get("/console/login")
	for _, path := range []string{"/console/logout", "/console/policies", "/console/policies/1/approve", "/console/grants/g-dla-person/refuse"} {
		if p := b.post(path, url.Values{}); p.status != http.StatusSeeOther || p.location != "/console/login" {
			t.Errorf("POST %s without a session: %d to %q, want 303 to /console/login", path, p.status, p.location)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/console/datasets", nil)
	req.AddCookie(&http.Cookie{Name: console.SessionCookie, Value: "gdxs_forged"})
	if p := b.do(req); p.status != http.StatusSeeOther {
		t.Errorf("a forged session cookie opened the datasets page: %d", p.status)
	}
}

func TestExpiredSessionGoesToLoginWithMessage(t *testing.T) {
	e := newEnv(t)
	b := e.browser(t)
	b.get("/console/login?lang=en")
	b.login("dopa-steward")
	e.clock.advance(admin.DefaultSessionTTL + time.Second)
	p := b.get("/console/datasets")
	must(t, p, http.StatusOK, "Your session has expired", `name="next" value="/console/datasets"`)
}

func TestCSRFRefused(t *testing.T) {
	e := newEnv(t)
	b := e.browser(t)
	b.get("/console/login?lang=en")
	p := b.post("/console/login", url.Values{"username": {"dopa-steward"}, "password": {e.passwords["dopa-steward"]}, "csrf_token": {""}})
	must(t, p, http.StatusForbidden, "The form has expired")
	e.audit.mu.Lock()
	n := len(e.audit.events)
	e.audit.mu.Unlock()
	if n != 0 {
		t.Errorf("a login without a CSRF token reached the service: %d audit events", n)
	}

	// A token from before the login is stale once the session exists.
	b.get("/console/login")
	before := csrfOf(b.last)
	b.login("dopa-steward")
	p = b.post("/console/logout", url.Values{"csrf_token": {before}})
	must(t, p, http.StatusForbidden, "The form has expired")
	must(t, b.get("/console/"), http.StatusOK, "dopa-steward")
}

func TestLanguageSwitchIsRemembered(t *testing.T) {
	e := newEnv(t)
	b := e.browser(t)
	must(t, b.get("/console/login"), http.StatusOK, `<html lang="th">`, `action="/console/language"`)
	p := b.post("/console/language", url.Values{"lang": {"en"}, "next": {"/console/login"}})
	if p.status != http.StatusSeeOther || p.location != "/console/login" {
		t.Fatalf("language switch: %d to %q", p.status, p.location)
	}
	must(t, b.get("/console/login"), http.StatusOK, `<html lang="en">`, "Log in with your steward account.")
}
