package citizen_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"html"
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

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/audit/sqlstore"
	"github.com/gdx-exchange/gdx/catalog/demo"
	catalogsql "github.com/gdx-exchange/gdx/catalog/sqlstore"
	"github.com/gdx-exchange/gdx/connectors/sim/digitalid"
	"github.com/gdx-exchange/gdx/gateway/citizen"
	citizensql "github.com/gdx-exchange/gdx/gateway/citizen/sqlstore"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

const (
	clientID     = "gdx-citizen-view"
	clientSecret = "gdx-citizen-secret-for-tests-0123456789abcdef"
	demoPassword = "demo"
)

// clock is the one settable clock of the provider, the view and the trail.
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

// logBuffer collects every log line of both servers.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *logBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// world is the Digital ID simulator and gdx's citizen view, each on its
// own real HTTP server, over a real audit trail on SQLite.
type world struct {
	clock   *clock
	logs    *logBuffer
	idpKey  *ecdsa.PrivateKey
	idp     *digitalid.Provider
	idpSrv  *httptest.Server
	gdxSrv  *httptest.Server
	gdxURL  string
	writer  *audit.Writer
	hasher  *audit.Hasher
	tamper  *tamperer
	catalog *catalogsql.Store
	trail   *sqlstore.Store
}

// newWorld builds a world on SQLite.
func newWorld(t *testing.T) *world { t.Helper(); return newWorldOn(t, sqldb.SQLite) }

// newWorldOn builds a world whose trail and catalog are on engine.
func newWorldOn(t *testing.T, engine string) *world {
	t.Helper()
	return newWorldAt(t, engine, time.Now().UTC().Truncate(time.Second))
}

// newWorldAt builds a world whose clock starts at t0.
func newWorldAt(t *testing.T, engine string, t0 time.Time) *world {
	t.Helper()
	return newWorldWith(t, engine, t0, 1, false)
}

// newWorldWith builds a world whose view runs as replicas instances
// behind a balancer that sends each request to the next one, as a load
// balancer without sticky sessions does. shared keeps their sessions in
// the database (citizen/sqlstore), as gdx serve does; otherwise each
// keeps its own in memory.
func newWorldWith(t *testing.T, engine string, t0 time.Time, replicas int, shared bool) *world {
	t.Helper()
	w := &world{clock: &clock{t: t0}, logs: &logBuffer{}, tamper: &tamperer{}}
	log := slog.New(slog.NewTextHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db := w.openTrail(t, engine)
	idpSrv, gdxSrv := httptest.NewUnstartedServer(nil), httptest.NewUnstartedServer(nil)
	issuer := "http://" + idpSrv.Listener.Addr().String()
	w.gdxURL = "http://" + gdxSrv.Listener.Addr().String()
	var err error
	if w.idpKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	w.idp, err = digitalid.New(digitalid.Config{Issuer: issuer, Password: demoPassword, Key: w.idpKey,
		Now: w.clock.Now, Logger: log, Clients: []digitalid.Client{{ID: clientID, Secret: clientSecret,
			RedirectURIs: []string{w.gdxURL + "/citizen/callback"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var sessions citizen.SessionStore // each view's own memory when nil
	if shared {
		if err := citizensql.Migrate(context.Background(), db); err != nil {
			t.Fatal(err)
		}
		sessions = citizensql.New(db, w.clock.Now)
	}
	lb := &roundRobin{}
	for range replicas {
		view, err := citizen.New(citizen.Config{Issuer: issuer, ClientID: clientID, ClientSecret: clientSecret,
			RedirectURL: w.gdxURL + "/citizen/callback", PageSize: 2},
			citizen.Deps{Audit: w.trail, Hasher: w.hasher, Names: w.catalog, Logger: log, Now: w.clock.Now, Sessions: sessions,
				HTTPClient: &http.Client{Transport: w.tamper, Timeout: 10 * time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		router := httpapi.NewEngine(log, 1<<20)
		view.Register(router)
		lb.replicas = append(lb.replicas, router)
	}
	idpSrv.Config.Handler, gdxSrv.Config.Handler = w.idp, lb
	idpSrv.Start()
	gdxSrv.Start()
	t.Cleanup(idpSrv.Close)
	t.Cleanup(gdxSrv.Close)
	w.idpSrv, w.gdxSrv = idpSrv, gdxSrv
	return w
}

// roundRobin hands each request to the next of its replicas.
type roundRobin struct {
	mu       sync.Mutex
	next     int
	replicas []http.Handler
}

func (lb *roundRobin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	lb.mu.Lock()
	h := lb.replicas[lb.next%len(lb.replicas)]
	lb.next++
	lb.mu.Unlock()
	h.ServeHTTP(w, r)
}

// openTrail opens the audit trail and the catalog on a fresh database of
// engine, seeded with the demo catalog, and returns the database.
func (w *world) openTrail(t *testing.T, engine string) *sqldb.DB {
	ctx := context.Background()
	db := sqldbtest.Open(t, engine)
	if err := sqlstore.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := catalogsql.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	w.catalog = catalogsql.New(db)
	if err := demo.Seed(ctx, w.catalog, w.clock.Now().AddDate(0, -1, 0)); err != nil {
		t.Fatal(err)
	}
	w.trail = sqlstore.New(db)
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	var err error
	if w.writer, err = audit.NewWriter(ctx, w.trail, audit.Config{Writer: "gw-test", Key: key, Now: w.clock.Now}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.writer.Close() })
	if w.hasher, err = audit.NewHasher(bytes.Repeat([]byte("k"), audit.MinSecretBytes)); err != nil {
		t.Fatal(err)
	}
	return db
}

// append writes an event to the trail.
func (w *world) append(t *testing.T, e audit.Event) audit.Event {
	t.Helper()
	e, err := w.writer.Append(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (w *world) keyHash(citizenID string) string { return w.hasher.HashKey("citizen_id", citizenID) }

// browser is a citizen's browser: a cookie jar, following redirects
// unless stop says where to stop.
type browser struct {
	t      *testing.T
	client *http.Client
	stop   func(*url.URL) bool
}

func (w *world) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(w.gdxURL)
	jar.SetCookies(u, []*http.Cookie{{Name: "gdx_lang", Value: "en", Path: "/"}}) // the tests read English
	b := &browser{t: t}
	b.client = &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if b.stop != nil && b.stop(r.URL) {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	return b
}

func (b *browser) get(u string) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.client.Get(u)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (b *browser) post(u string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.client.PostForm(u, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

var (
	reqField  = regexp.MustCompile(`name="req" value="([^"]+)"`)
	csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// field returns the unescaped value of a hidden field in a page.
func field(t *testing.T, re *regexp.Regexp, page string) string {
	t.Helper()
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no %s in page:\n%s", re, page)
	}
	return html.UnescapeString(m[1])
}

// openLogin follows the sign-in link to the provider's login page and
// returns the page and the URL it was served at.
func (w *world) openLogin(b *browser) (string, *url.URL) {
	b.t.Helper()
	resp, body := b.get(w.gdxURL + "/citizen/login")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Request.URL.String(), w.idp.Issuer()) {
		b.t.Fatalf("sign-in link ended at %s with %d:\n%s", resp.Request.URL, resp.StatusCode, body)
	}
	return body, resp.Request.URL
}

// signIn walks the whole sign-in as citizenID (a demo citizen) and
// returns the page it ends on.
func (w *world) signIn(b *browser, citizenID string) (*http.Response, string) {
	b.t.Helper()
	page, _ := w.openLogin(b)
	return b.post(w.idp.Endpoint("/authorize"), url.Values{"req": {field(b.t, reqField, page)}, "citizen": {citizenID}})
}

// tamperer sits between the view and the provider, and can change the
// token request or the ID token in transit.
type tamperer struct {
	mu      sync.Mutex
	request func(form url.Values)
	idToken func(raw string) string
}

func (tp *tamperer) set(request func(url.Values), idToken func(string) string) {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	tp.request, tp.idToken = request, idToken
}

// RoundTrip implements http.RoundTripper.
func (tp *tamperer) RoundTrip(r *http.Request) (*http.Response, error) {
	tp.mu.Lock()
	request, idToken := tp.request, tp.idToken
	tp.mu.Unlock()
	isToken := strings.HasSuffix(r.URL.Path, "/token")
	if isToken && request != nil {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		request(form)
		enc := form.Encode()
		r = r.Clone(r.Context())
		r.Body, r.ContentLength = io.NopCloser(strings.NewReader(enc)), int64(len(enc))
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || !isToken || idToken == nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	var tok map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if raw, ok := tok["id_token"].(string); ok {
		tok["id_token"] = idToken(raw)
	}
	out, _ := json.Marshal(tok)
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(out)), int64(len(out))
	resp.Header.Del("Content-Length")
	return resp, nil
}
