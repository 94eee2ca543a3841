package web

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gin-gonic/gin"
)

func testSite(t testing.TB) (*Site, *gin.Engine) {
	t.Helper()
	gin.SetMode(gin.TestMode)
	tpl := fstest.MapFS{
		"views/hello.html": {Data: []byte(`{{define "content"}}<h1>{{.Title}}</h1><p>{{.Data}}</p>` +
			`<form method="post" action="/echo">{{template "csrf" .}}<button>go</button></form>{{end}}`)},
	}
	msgs := fstest.MapFS{
		"th.json": {Data: []byte(`{"site.name":"ทดสอบ","hello.title":"สวัสดี"}`)},
		"en.json": {Data: []byte(`{"site.name":"Test","hello.title":"Hello"}`)},
	}
	s, err := New(Config{Templates: tpl, Messages: msgs, SiteNameKey: "site.name", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e := gin.New()
	g := e.Group("", s.Middleware()...)
	s.Register(g)
	g.GET("/hello", func(c *gin.Context) { s.OK(c, "hello", s.Page(c, "hello.title", c.Query("say"))) })
	g.POST("/echo", func(c *gin.Context) { c.String(http.StatusOK, "done") })
	g.GET("/boom", func(c *gin.Context) { s.ServerError(c, errors.New("secret cause: db password wrong")) })
	g.GET("/missing", func(c *gin.Context) { s.NotFound(c) })
	return s, e
}

func do(e http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	return w
}

func TestCatalogueComplete(t *testing.T) {
	c, err := NewCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if m := c.Missing(); len(m) > 0 {
		t.Errorf("messages missing a translation: %v", m)
	}
	if got := c.T(Thai, "pager.count", 2, 5); got != "หน้า 2 จาก 5" {
		t.Errorf("T = %q", got)
	}
	if got := c.T(English, "no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key = %q", got)
	}
}

func TestCatalogueRefusesDuplicates(t *testing.T) {
	dup := fstest.MapFS{"th.json": {Data: []byte(`{"pager.next":"x"}`)}, "en.json": {Data: []byte(`{}`)}}
	if _, err := NewCatalogue(dup); err == nil || !strings.Contains(err.Error(), "defined twice") {
		t.Errorf("err = %v, want a duplicate-key error", err)
	}
}

func TestChooseLang(t *testing.T) {
	tests := []struct {
		name, query, cookie, accept string
		want                        Lang
		explicit                    bool
	}{
		{"default", "", "", "", Thai, false},
		{"query wins", "en", "th", "th", English, true},
		{"cookie before header", "", "en", "th", English, false},
		{"header q", "", "", "fr;q=1, en;q=0.8, th;q=0.5", English, false},
		{"header region", "", "", "th-TH,th;q=0.9", Thai, false},
		{"bad query ignored", "xx", "en", "", English, false},
		{"bad cookie ignored", "", "zz", "en-GB", English, false},
		{"q zero", "", "", "en;q=0", Thai, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/?lang="+url.QueryEscape(tt.query), nil)
			if tt.cookie != "" {
				r.AddCookie(&http.Cookie{Name: LangCookie, Value: tt.cookie})
			}
			r.Header.Set("Accept-Language", tt.accept)
			got, explicit := ChooseLang(r)
			if got != tt.want || explicit != tt.explicit {
				t.Errorf("ChooseLang = %s, %v; want %s, %v", got, explicit, tt.want, tt.explicit)
			}
		})
	}
}

func TestThaiDates(t *testing.T) {
	day := time.Date(2026, time.December, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, got, want string
	}{
		{"day th", FormatDay(Thai, day), "1 ธันวาคม พ.ศ. 2569"},
		{"day en", FormatDay(English, day), "1 December 2026"},
		{"instant crosses midnight in Bangkok", FormatDate(Thai, time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC)), "1 มกราคม พ.ศ. 2570"},
		{"datetime th", FormatDateTime(Thai, time.Date(2026, 2, 3, 7, 5, 0, 0, time.UTC)), "3 ก.พ. 2569 14:05 น."},
		{"datetime en", FormatDateTime(English, time.Date(2026, 2, 3, 7, 5, 0, 0, time.UTC)), "3 Feb 2026 14:05 ICT"},
		{"month th", FormatMonth(Thai, "2026-11"), "พ.ย. 2569"},
		{"month en", FormatMonth(English, "2026-11"), "Nov 2026"},
		{"month not a month", FormatMonth(Thai, "total"), "total"},
		{"zero", FormatDay(Thai, time.Time{}), ""},
		{"number", FormatNumber(1234567), "1,234,567"},
		{"negative", FormatNumber(-1000), "-1,000"},
		{"small", FormatNumber(999), "999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	_, e := testSite(t)
	for _, path := range []string{"/hello", "/missing", "/boom", "/static/app.css"} {
		w := do(e, httptest.NewRequest(http.MethodGet, path, nil))
		h := w.Header()
		if h.Get("Content-Security-Policy") != ContentSecurityPolicy || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", path)
		}
	}
	r := httptest.NewRequest(http.MethodGet, "https://example.org/hello", nil)
	if w := do(e, r); w.Header().Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over TLS")
	}
	if !strings.Contains(ContentSecurityPolicy, "script-src 'self';") || strings.Contains(ContentSecurityPolicy, "unsafe") {
		t.Errorf("CSP not strict: %s", ContentSecurityPolicy)
	}
}
