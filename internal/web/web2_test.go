package web

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

var tokenField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// getForm loads /hello and returns its CSRF cookie and form token.
func getForm(t *testing.T, e http.Handler) (*http.Cookie, string) {
	t.Helper()
	w := do(e, httptest.NewRequest(http.MethodGet, "/hello", nil))
	var ck *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == CSRFCookie {
			ck = c
		}
	}
	m := tokenField.FindStringSubmatch(w.Body.String())
	if ck == nil || m == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
		t.Fatalf("no CSRF cookie or token: %v %v", ck, m)
	}
	return ck, m[1]
}

func post(e http.Handler, path string, form url.Values, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range cookies {
		r.AddCookie(c)
	}
	return do(e, r)
}

func TestCSRF(t *testing.T) {
	_, e := testSite(t)
	ck, tok := getForm(t, e)
	other, _ := getForm(t, e)
	tests := []struct {
		name    string
		form    url.Values
		cookies []*http.Cookie
		want    int
	}{
		{"valid", url.Values{CSRFField: {tok}}, []*http.Cookie{ck}, http.StatusOK},
		{"no token", url.Values{}, []*http.Cookie{ck}, http.StatusForbidden},
		{"no cookie", url.Values{CSRFField: {tok}}, nil, http.StatusForbidden},
		{"another visitor's cookie", url.Values{CSRFField: {tok}}, []*http.Cookie{other}, http.StatusForbidden},
		{"token equal to the cookie", url.Values{CSRFField: {ck.Value}}, []*http.Cookie{ck}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := post(e, "/echo", tt.form, tt.cookies...)
			if w.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.want, w.Body)
			}
			if tt.want == http.StatusForbidden && !strings.Contains(w.Body.String(), "แบบฟอร์มหมดอายุ") {
				t.Errorf("refusal does not say the form expired: %s", w.Body)
			}
		})
	}
}

func TestLanguageSwitchRemembered(t *testing.T) {
	_, e := testSite(t)
	ck, tok := getForm(t, e)
	w := post(e, "/language", url.Values{CSRFField: {tok}, "lang": {"en"}, "next": {"/hello?say=hi"}}, ck)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/hello?say=hi" {
		t.Fatalf("switch: %d %s", w.Code, w.Header().Get("Location"))
	}
	var lang *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == LangCookie {
			lang = c
		}
	}
	if lang == nil || lang.Value != "en" {
		t.Fatalf("no language cookie: %v", w.Result().Cookies())
	}
	r := httptest.NewRequest(http.MethodGet, "/hello", nil)
	r.AddCookie(lang)
	body := do(e, r).Body.String()
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "<h1>Hello</h1>") {
		t.Errorf("choice not remembered: %s", body)
	}
	if !strings.Contains(body, `name="lang" value="th"`) {
		t.Error("switch does not offer Thai")
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/datasets?q=x": "/datasets?q=x", "": "/", "https://evil.example/": "/", "//evil.example": "/",
		"/\\evil.example": "/", "javascript:alert(1)": "/", "/a\r\nSet-Cookie: x": "/",
	} {
		if got := LocalPath(in); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapingAndErrors(t *testing.T) {
	_, e := testSite(t)
	body := do(e, httptest.NewRequest(http.MethodGet, "/hello?say="+url.QueryEscape(`<script>alert(1)</script>`), nil)).Body.String()
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("hostile input not escaped: %s", body)
	}
	w := do(e, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "password") {
		t.Fatalf("server error: %d %s", w.Code, w.Body)
	}
	id := w.Header().Get("X-Request-ID")
	if id == "" || !strings.Contains(w.Body.String(), id) {
		t.Errorf("request id %q not shown", id)
	}
	if w := do(e, httptest.NewRequest(http.MethodGet, "/missing", nil)); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "ไม่พบหน้า") {
		t.Errorf("not found: %d %s", w.Code, w.Body)
	}
}

func TestStatic(t *testing.T) {
	_, e := testSite(t)
	w := do(e, httptest.NewRequest(http.MethodGet, "/static/app.css?v=1", nil))
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") || !strings.Contains(w.Body.String(), "max-width: 600px") {
		t.Errorf("css: %d %s", w.Code, w.Header())
	}
	if w := do(e, httptest.NewRequest(http.MethodGet, "/static/../site.go", nil)); w.Code != http.StatusNotFound {
		t.Errorf("path escape: %d", w.Code)
	}
}

func TestPager(t *testing.T) {
	p := NewPager(95, 5, 10, func(n int) string { return "/d?page=" + itoa(n) })
	if p.Pages != 10 || p.PrevURL != "/d?page=4" || p.NextURL != "/d?page=6" {
		t.Fatalf("pager %+v", p)
	}
	var got []string
	for _, l := range p.Links {
		if l.Gap {
			got = append(got, "…")
		} else {
			got = append(got, itoa(l.Number))
		}
	}
	if strings.Join(got, " ") != "1 … 3 4 5 6 7 … 10" {
		t.Errorf("links %v", got)
	}
	if p := NewPager(0, 3, 10, func(int) string { return "" }); p.Pages != 1 || p.Page != 1 || p.NextURL != "" {
		t.Errorf("empty pager %+v", p)
	}
}

func TestChartsWellFormed(t *testing.T) {
	c := Chart{ID: "vol", Title: `Requests <by> "month"`, Desc: "Requests & denials", XLabel: "month", YLabel: "requests",
		Labels: []string{"2026-10", "2026-11", "<b>"}, Series: []Series{{"allow", []float64{10, 250, 3}}, {"deny", []float64{1, 2.5, 0}}}}
	for name, svg := range map[string]string{"bar": string(c.Bar()), "line": string(c.Line()), "empty": string(Chart{ID: "e", Title: "t"}.Bar())} {
		t.Run(name, func(t *testing.T) {
			checkSVG(t, svg)
			if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, `aria-labelledby="`) {
				t.Errorf("not labelled: %s", svg)
			}
		})
	}
	if !strings.Contains(string(c.Bar()), "<title id=\"vol-title\">Requests &lt;by&gt; &#34;month&#34;</title>") {
		t.Errorf("title not escaped: %s", c.Bar())
	}
	if n := strings.Count(string(c.Bar()), "<rect x="); n != 1+2+6 { // background, two legend keys, six bars
		t.Errorf("%d rects, want 9", n)
	}
	if got := niceCeil(250); got != 250 {
		t.Errorf("niceCeil(250) = %v", got)
	}
	if got := niceCeil(260); got != 500 {
		t.Errorf("niceCeil(260) = %v", got)
	}
}

// checkSVG parses svg as XML and requires an <svg> root with a <title>.
func checkSVG(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	root, title := "", false
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed XML: %v\n%s", err, svg)
			}
			break
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			title = title || se.Name.Local == "title"
		}
	}
	if root != "svg" || !title {
		t.Errorf("root %q, title %v", root, title)
	}
}

func itoa(n int) string { return FormatNumber(int64(n)) }

func TestFlash(t *testing.T) {
	s, e := testSite(t)
	e.GET("/set", func(c *gin.Context) {
		s.SetFlash(c, "บันทึกแล้ว <ok>")
		c.Redirect(http.StatusSeeOther, "/hello")
	})
	w := do(e, httptest.NewRequest(http.MethodGet, "/set", nil))
	var flash *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == FlashCookie {
			flash = c
		}
	}
	if flash == nil {
		t.Fatal("no flash cookie")
	}
	r := httptest.NewRequest(http.MethodGet, "/hello", nil)
	r.AddCookie(flash)
	w = do(e, r)
	if !strings.Contains(w.Body.String(), `<p class="flash" role="status">บันทึกแล้ว &lt;ok&gt;</p>`) {
		t.Errorf("flash not shown once, escaped: %s", w.Body)
	}
	forged := &http.Cookie{Name: FlashCookie, Value: "aGk." + "bm90LWEtbWFj"}
	r = httptest.NewRequest(http.MethodGet, "/hello", nil)
	r.AddCookie(forged)
	if strings.Contains(do(e, r).Body.String(), `class="flash"`) {
		t.Error("a forged flash was shown")
	}
}

func TestLanguageSwitchStaysOnSite(t *testing.T) {
	_, e := testSite(t)
	ck, tok := getForm(t, e)
	w := post(e, "/language", url.Values{CSRFField: {tok}, "lang": {"en"}, "next": {"https://evil.example/"}}, ck)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
		t.Errorf("open redirect: %d %s", w.Code, w.Header().Get("Location"))
	}
}

func TestLanguageSwitchRefusesUnknown(t *testing.T) {
	_, e := testSite(t)
	ck, tok := getForm(t, e)
	w := post(e, "/language", url.Values{CSRFField: {tok}, "lang": {"fr"}, "next": {"/"}}, ck)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "โปรดตรวจสอบแบบฟอร์ม") {
		t.Errorf("unknown language: %d %s", w.Code, w.Body)
	}
}
