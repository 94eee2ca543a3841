package citizen

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// TestCatalogues checks that Thai and English have the same keys and that
// every key the templates and the code use is in them.
func TestCatalogues(t *testing.T) {
	th, en := slices.Sorted(maps.Keys(messages[langTH])), slices.Sorted(maps.Keys(messages[langEN]))
	if !slices.Equal(th, en) {
		t.Errorf("Thai and English keys differ:\nth %q\nen %q", th, en)
	}
	for k, v := range messages[langTH] {
		if strings.TrimSpace(v) == "" || v == messages[langEN][k] && !strings.HasPrefix(k, "csv.") {
			t.Errorf("Thai text of %q is empty or untranslated: %q", k, v)
		}
	}
	used := regexp.MustCompile(`\.T "([a-z_.]+)"`)
	err := fs.WalkDir(templateFiles, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFiles, path)
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			if _, ok := messages[langEN][m[1]]; !ok {
				t.Errorf("%s uses %q, which is in no catalogue", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{reasonProviderDown, reasonNoSignIn, reasonStateMismatch, reasonProviderRefuse, reasonCancelled,
		reasonExchange, reasonIDToken, reasonAssurance, reasonCSRF, "error.generic", "error.internal", "csv.time", "csv.fields"} {
		if _, ok := messages[langEN][k]; !ok {
			t.Errorf("message %q is missing", k)
		}
	}
}

func TestFormatTime(t *testing.T) {
	at := time.Date(2026, time.December, 1, 9, 37, 0, 0, time.UTC).In(thailand)
	cases := []struct{ lang, want string }{
		{langTH, "1 ธ.ค. 2569 16:37"},
		{langEN, "1 Dec 2026 16:37"},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			if got := formatTime(c.lang, at); got != c.want {
				t.Errorf("formatTime = %q, want %q", got, c.want)
			}
		})
	}
}

func TestMask(t *testing.T) {
	cases := []struct{ in, want string }{
		{"1100100012347", "x-xxxx-xxxxx-34-7"},
		{"123", "x-xxxx-xxxxx-xx-x"},
	}
	for _, c := range cases {
		if got := mask(c.in); got != c.want {
			t.Errorf("mask(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCSVCell(t *testing.T) {
	cases := []struct{ in, want string }{
		{"DLA", "DLA"},
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"", ""},
		{"ทะเบียนราษฎร", "ทะเบียนราษฎร"},
	}
	for _, c := range cases {
		if got := cell(c.in); got != c.want {
			t.Errorf("cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{Issuer: "https://id.example", ClientID: "gdx", ClientSecret: "s",
		RedirectURL: "https://gdx.example/citizen/callback"}
	cases := []struct {
		name string
		edit func(c *Config)
		want string
	}{
		{"valid", func(*Config) {}, ""},
		{"no issuer", func(c *Config) { c.Issuer = "" }, "issuer"},
		{"no secret", func(c *Config) { c.ClientSecret = "" }, "secret"},
		{"bad auth method", func(c *Config) { c.AuthMethod = "private_key_jwt" }, "auth method"},
		{"redirect elsewhere", func(c *Config) { c.RedirectURL = "https://gdx.example/cb" }, "redirect URL"},
		{"base path with slash", func(c *Config) { c.BasePath = "/me/" }, "base path"},
		{"bad IAL", func(c *Config) { c.MinIAL = "4" }, "assurance"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := ok
			c.edit(&cfg)
			err := cfg.withDefaults().Validate()
			if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
				t.Errorf("Validate = %v, want %q", err, c.want)
			}
		})
	}
}

func TestMemorySessionsExpire(t *testing.T) {
	m := NewMemorySessions(nil)
	now := time.Now()
	if err := m.PutSession(t.Context(), "k", Session{Expires: now.Add(time.Minute), KeyHash: "h"}); err != nil {
		t.Fatal(err)
	}
	if s, err := m.FindSession(t.Context(), "k", now); err != nil || !s.SignedIn() {
		t.Fatalf("FindSession = %+v, %v", s, err)
	}
	if _, err := m.FindSession(t.Context(), "k", now.Add(time.Minute)); err == nil {
		t.Errorf("an expired session was found")
	}
}

// failingTrail is an audit trail that is down.
type failingTrail struct{}

func (failingTrail) Query(context.Context, audit.Filter) (audit.Page, error) {
	return audit.Page{}, errors.New("connection refused to db.internal:5432")
}
func (failingTrail) ListWithholds(context.Context, time.Time) ([]audit.Withhold, error) {
	return nil, nil
}

type plainHasher struct{}

func (plainHasher) HashKey(string, string) string {
	return strings.Repeat("A", 43) // the shape of a keyed hash
}

// TestTrailDown shows a signed-in citizen an error page in their language
// that quotes the request id and hides the cause, which goes to the log.
func TestTrailDown(t *testing.T) {
	var logs bytes.Buffer
	s, err := New(Config{Issuer: "http://127.0.0.1:1", ClientID: "c", ClientSecret: "s",
		RedirectURL: "http://127.0.0.1:2/citizen/callback"},
		Deps{Audit: failingTrail{}, Hasher: plainHasher{}, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	engine := httpapi.NewEngine(s.log, 1<<20)
	s.Register(engine)
	if err := s.sessions.PutSession(t.Context(), storeKey("cookie"), Session{Expires: time.Now().Add(time.Hour),
		KeyHash: strings.Repeat("A", 43), Masked: "x-xxxx-xxxxx-34-7", CSRF: "t"}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/citizen/lookups", "/citizen/lookups.csv"} {
		req := httptest.NewRequest(http.MethodGet, path+"?lang=en", nil)
		req.AddCookie(&http.Cookie{Name: cookieSession, Value: "cookie"})
		rec := httptest.NewRecorder()
		engine.ServeHTTP(rec, req)
		body := rec.Body.String()
		id := rec.Header().Get(httpapi.HeaderRequestID)
		if rec.Code != http.StatusInternalServerError || !strings.Contains(body, "Something went wrong") ||
			!strings.Contains(body, id) || strings.Contains(body, "db.internal") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s\n%s", path, rec.Code, rec.Header(), body)
		}
		if rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("%s: the error page has no CSP", path)
		}
	}
	if !strings.Contains(logs.String(), "db.internal") {
		t.Errorf("the cause was not logged:\n%s", logs.String())
	}
}
