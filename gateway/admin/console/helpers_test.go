package console_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	auditsql "github.com/gdx-exchange/gdx/audit/sqlstore"
	"github.com/gdx-exchange/gdx/catalog/demo"
	catalogsql "github.com/gdx-exchange/gdx/catalog/sqlstore"
	certssql "github.com/gdx-exchange/gdx/certs/sqlstore"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/gateway/admin/console"
	adminsql "github.com/gdx-exchange/gdx/gateway/admin/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/policies"
	policiessql "github.com/gdx-exchange/gdx/policies/sqlstore"
)

// cheap hashes test accounts fast; the format and checks are the same.
var cheap = admin.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

// env is a console over a real admin.Service on a fresh SQLite database
// with the demo catalog, the demo policy set active as v1, the demo
// stewards and a real audit trail, served over real HTTP.
type env struct {
	srv       *httptest.Server
	svc       *admin.Service
	audit     *recorder
	trail     *audit.Writer
	hasher    *audit.Hasher
	passwords map[string]string
	clock     *clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.Open(t, sqldb.SQLite)
	for _, m := range []func(context.Context, *sqldb.DB) error{catalogsql.Migrate, certssql.Migrate, policiessql.Migrate,
		adminsql.Migrate, auditsql.Migrate} {
		if err := m(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{audit: &recorder{}, clock: &clock{t: time.Now().UTC()}, passwords: map[string]string{}}
	cat, certs, stewards := catalogsql.New(db), certssql.New(db), adminsql.New(db)
	if err := demo.Seed(ctx, cat, e.clock.now()); err != nil {
		t.Fatal(err)
	}
	flow := policies.NewWorkflow(policiessql.New(db), policies.NewEngine())
	flow.Now = e.clock.now
	if _, err := flow.Bootstrap(ctx, policies.DemoSet()); err != nil {
		t.Fatal(err)
	}
	creds, err := admin.SeedDemoStewards(ctx, stewards, cheap)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range creds {
		e.passwords[c.Username] = c.Password
	}
	trail := e.openTrail(t, db)
	srv, err := admin.New(admin.Config{Password: cheap}, admin.Deps{Stewards: stewards, Catalog: cat, Keys: certs, Certs: certs,
		Policies: flow, Auditor: e.audit, Trail: trail, Logger: slog.New(slog.DiscardHandler), Now: e.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = srv.Service()
	c, err := console.New(e.svc, console.Config{Log: slog.New(slog.NewTextHandler(testLog{t}, nil)), Now: e.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.TestMode)
	g := gin.New()
	c.Register(g)
	g.NoRoute(c.NotFoundHandlers()...)
	e.srv = httptest.NewServer(g)
	t.Cleanup(e.srv.Close)
	return e
}

// trail is the admin service's view of the audit trail, as cmd/gdx
// wires it.
type trail struct {
	audit.Querier
	*audit.Writer
	*audit.Hasher
}

func (t trail) SubjectLookups(ctx context.Context, keyHash string, now time.Time) ([]audit.Lookup, error) {
	return audit.SubjectLookups(ctx, t.Querier, keyHash, now)
}

func (e *env) openTrail(t *testing.T, db *sqldb.DB) trail {
	t.Helper()
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	store := auditsql.New(db)
	w, err := audit.NewWriter(context.Background(), store, audit.Config{Writer: "console-test", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	secret := make([]byte, audit.MinSecretBytes)
	_, _ = rand.Read(secret)
	if e.hasher, err = audit.NewHasher(secret); err != nil {
		t.Fatal(err)
	}
	e.trail = w
	return trail{Querier: store, Writer: w, Hasher: e.hasher}
}

// lookup appends an allowed lookup of a citizen's record to the trail.
func (e *env) lookup(t *testing.T, agency, dataset, citizenID string, at time.Time) {
	t.Helper()
	_, err := e.trail.Append(context.Background(), audit.Event{Time: at, RequestID: "req-" + agency, Kind: audit.KindLookup,
		Agency: agency, Officer: "officer-1", Purpose: "licensing", Dataset: dataset, KeyKind: "citizen_id",
		KeyHash: e.hasher.HashKey("citizen_id", citizenID), FieldsReturned: []string{"first_name_th", "address"},
		Decision: audit.DecisionAllow, Status: http.StatusOK})
	if err != nil {
		t.Fatal(err)
	}
}

// browser is one visitor with a cookie jar; it does not follow
// redirects, so tests see them.
type browser struct {
	t    *testing.T
	e    *env
	c    *http.Client
	last string // the body of the last page, for its CSRF token
}

func (e *env) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// page is one answer.
type page struct {
	status   int
	location string
	header   http.Header
	body     string
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	p := page{status: res.StatusCode, location: res.Header.Get("Location"), header: res.Header, body: string(raw)}
	if strings.Contains(p.body, "csrf_token") {
		b.last = p.body
	}
	return p
}

// get fetches a page, following redirects on this site.
func (b *browser) get(path string) page {
	b.t.Helper()
	for range 5 {
		req, _ := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
		p := b.do(req)
		if p.status != http.StatusSeeOther && p.status != http.StatusFound && p.status != http.StatusMovedPermanently {
			return p
		}
		path = p.location
	}
	b.t.Fatalf("too many redirects at %s", path)
	return page{}
}

// post sends a form with the CSRF token of the last page fetched, unless
// the form sets csrf_token itself.
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	if _, ok := form["csrf_token"]; !ok {
		form.Set("csrf_token", csrfOf(b.last))
	}
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// postFollow posts and, on a redirect, fetches where it leads.
func (b *browser) postFollow(path string, form url.Values) page {
	b.t.Helper()
	p := b.post(path, form)
	if p.status == http.StatusSeeOther {
		return b.get(p.location)
	}
	return p
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func csrfOf(body string) string {
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// login logs the demo steward in and returns the home page.
func (b *browser) login(username string) page {
	b.t.Helper()
	b.get("/console/login")
	p := b.postFollow("/console/login", url.Values{"username": {username}, "password": {b.e.passwords[username]}})
	if p.status != http.StatusOK || !strings.Contains(p.body, username) {
		b.t.Fatalf("login as %s: status %d: %.600s", username, p.status, p.body)
	}
	return p
}

// recorder is an Auditor that keeps the admin events.
type recorder struct {
	mu     sync.Mutex
	events []admin.AdminEvent
}

func (r *recorder) RecordAdmin(_ context.Context, e admin.AdminEvent) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	return nil
}

// expect fails unless an event of the action by the steward ended with
// the outcome, naming a request.
func (r *recorder) expect(t *testing.T, action, steward string, outcome admin.Outcome) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.events {
		if e.Action == action && e.Steward == steward && e.Outcome == outcome && e.RequestID != "" {
			return
		}
	}
	t.Errorf("no %s audit event of %s by %s", outcome, action, steward)
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// must fails unless the page has the status and every text.
func must(t *testing.T, p page, status int, texts ...string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d: %.1500s", p.status, status, p.body)
	}
	for _, s := range texts {
		if !strings.Contains(p.body, s) {
			t.Errorf("page lacks %q: %.3000s", s, p.body)
		}
	}
}

// testLog sends the console's log (a server error's cause) to the test's.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Helper()
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
