package portal_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/web"
)

// publicPages are every page of the portal with a status each must answer.
var publicPages = []struct {
	path   string
	status int
	has    string // in the Thai page
}{
	{"/", 200, "ปรับปรุงล่าสุด"},
	{"/datasets", 200, "หน่วยงาน"},
	{"/datasets/licences-01", 200, "ดาวน์โหลด (CSV)"},
	{"/organizations", 200, "กรมส่งเสริมการปกครองท้องถิ่น"},
	{"/organizations/dla", 200, "ใบอนุญาตจัดตั้งร้านอาหาร"},
	{"/access", 200, "ลับมาก"},
	{"/statistics", 200, "จำนวนคำขอรายเดือน"},
	{"/licences", 200, "เลขที่ใบอนุญาตหรือชื่อผู้ประกอบการ"},
	{"/licences?q=" + url.QueryEscape("ครัว"), 200, "บริษัท ครัวเชียงใหม่ จำกัด"},
	{"/licences/DLA/12/2567", 200, "ใช้ได้ถึงวันที่ 14 มกราคม พ.ศ. 2570"},
	{"/licences/DLA/99/2560", 200, "หมดอายุ"},
	{"/licences/DLA/404/2567", 404, "ไม่พบใบอนุญาต"},
	{"/developers", 200, "curl"},
	{"/datasets/no-such-dataset", 404, "ไม่พบหน้าที่ต้องการ"},
	{"/organizations/nobody", 404, "ไม่พบหน้าที่ต้องการ"},
	{"/no/such/page", 404, "ไม่พบหน้าที่ต้องการ"},
}

var h1 = regexp.MustCompile(`<h1[ >]`)

func TestEveryPage(t *testing.T) {
	f := newFixture(t, 3)
	for _, pg := range publicPages {
		t.Run(pg.path, func(t *testing.T) {
			p := f.get(t, pg.path)
			if p.Status != pg.status {
				t.Fatalf("status %d, want %d\n%.2000s", p.Status, pg.status, p.Body)
			}
			if p.Header.Get("Content-Security-Policy") != web.ContentSecurityPolicy || p.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("security headers missing: %v", p.Header)
			}
			checkMarkup(t, p.Body, "th")
			if !strings.Contains(p.Body, pg.has) {
				t.Errorf("page lacks %q:\n%.3000s", pg.has, p.Body)
			}
			en := f.get(t, addQuery(pg.path, "lang=en"))
			if en.Status != pg.status {
				t.Fatalf("English status %d", en.Status)
			}
			checkMarkup(t, en.Body, "en")
		})
	}
}

func addQuery(path, kv string) string {
	if strings.Contains(path, "?") {
		return path + "&" + kv
	}
	return path + "?" + kv
}

// checkMarkup checks what every page must have for people and screen
// readers: the language, one h1, headings in order, the landmarks,
// labelled inputs, no inline script or style and no message key left
// untranslated.
func checkMarkup(t *testing.T, body, lang string) {
	t.Helper()
	for _, want := range []string{`<html lang="` + lang + `">`, `<main id="main"`, `<header class="site">`, `<footer class="site">`, `<nav aria-label=`, `href="#main"`} {
		if !strings.Contains(body, want) {
			t.Errorf("markup lacks %s", want)
		}
	}
	if n := len(h1.FindAllString(body, -1)); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	last := 0
	for _, m := range regexp.MustCompile(`<h([1-6])[ >]`).FindAllStringSubmatch(body, -1) {
		level := int(m[1][0] - '0')
		if level > last+1 {
			t.Errorf("heading h%d follows h%d: a level is skipped", level, last)
		}
		last = level
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, "onclick") {
		t.Error("inline script or style")
	}
	for _, in := range regexp.MustCompile(`<input type="search" id="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		if !strings.Contains(body, `<label for="`+in[1]+`">`) {
			t.Errorf("input %s has no label", in[1])
		}
	}
	if k := regexp.MustCompile(`>\s*[a-z]+(\.[a-z_]+){1,3}\s*<`).FindString(body); k != "" {
		t.Errorf("untranslated message key %s", k)
	}
}

func TestLanguageRemembered(t *testing.T) {
	f := newFixture(t, 1)
	p := f.get(t, "/datasets?lang=en")
	ck := cookie(p, web.LangCookie)
	if ck == nil || ck.Value != "en" || !strings.Contains(p.Body, "<h1>Datasets</h1>") {
		t.Fatalf("?lang=en not applied or not remembered: %v", p.Cookies)
	}
	if p := f.get(t, "/licences", ck); !strings.Contains(p.Body, `<html lang="en">`) || !strings.Contains(p.Body, "Check a licence") {
		t.Errorf("choice not remembered:\n%.1500s", p.Body)
	}
	// The switch's form, as a browser without JavaScript sends it.
	p = f.get(t, "/licences", ck)
	csrf := cookie(p, web.CSRFCookie)
	tok := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(p.Body)
	if csrf == nil || tok == nil {
		t.Fatal("no CSRF cookie or token on the page")
	}
	sw := f.post(t, "/language", url.Values{"csrf_token": {tok[1]}, "lang": {"th"}, "next": {"/licences?q=x"}}, ck, csrf)
	th := cookie(sw, web.LangCookie)
	if sw.Status != http.StatusSeeOther || sw.Header.Get("Location") != "/licences?q=x" || th == nil || th.Value != "th" {
		t.Fatalf("switch: %d %s %v", sw.Status, sw.Header.Get("Location"), sw.Cookies)
	}
	if p := f.get(t, "/", th); !strings.Contains(p.Body, `<html lang="th">`) {
		t.Error("Thai not remembered after the switch")
	}
}

func TestCSRFRefused(t *testing.T) {
	f := newFixture(t, 1)
	p := f.get(t, "/")
	csrf := cookie(p, web.CSRFCookie)
	for name, form := range map[string]url.Values{
		"missing": {"lang": {"en"}, "next": {"/"}},
		"stale":   {"lang": {"en"}, "next": {"/"}, "csrf_token": {"bm90LXRoZS10b2tlbg"}},
	} {
		t.Run(name, func(t *testing.T) {
			r := f.post(t, "/language", form, csrf)
			if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "แบบฟอร์มหมดอายุ") {
				t.Errorf("status %d:\n%.1500s", r.Status, r.Body)
			}
			if cookie(r, web.LangCookie) != nil {
				t.Error("a refused form still changed the language")
			}
		})
	}
}

func TestHostileInputEscaped(t *testing.T) {
	f := newFixture(t, 2)
	for _, path := range []string{
		"/datasets?q=" + url.QueryEscape(`"><script>alert(1)</script>`),
		"/datasets?tags=" + url.QueryEscape(`"><img src=x onerror=alert(1)>`),
		"/licences?q=" + url.QueryEscape(`<script>alert(1)</script>`),
		"/licences/DLA/" + url.PathEscape(`<script>alert(1)</script>`),
		"/datasets",
		"/datasets/licences-00",
		"/statistics",
		"/datasets/licences-01",
	} {
		p := f.get(t, path)
		if strings.Contains(p.Body, "<script>alert") || strings.Contains(p.Body, "<img src=x") || strings.Contains(p.Body, "<b>") {
			t.Errorf("%s: hostile input reached the page unescaped", path)
		}
	}
	if p := f.get(t, "/datasets/licences-00"); !strings.Contains(p.Body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("hostile title not shown escaped:\n%.2000s", p.Body)
	}
}
