package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestLicenceSearch(t *testing.T) {
	f := newFixture(t, 1)
	tests := []struct {
		name, q string
		status  int
		has     []string
	}{
		{"by number", "12/2567", 200, []string{`<a href="/licences/DLA/12/2567">12/2567</a>`, "พบ 1 ใบอนุญาต", "status-active"}},
		{"by name", "ครัว", 200, []string{"บริษัท ครัวเชียงใหม่ จำกัด"}},
		{"natural person withheld", "99/2560", 200, []string{"(บุคคลธรรมดา ไม่เผยแพร่ชื่อ)", "status-expired"}},
		{"nothing found", "ไม่มีร้านนี้", 200, []string{"ไม่พบใบอนุญาตที่ตรงกัน"}},
		{"blank", "   ", 400, []string{`id="lq-error"`, "โปรดกรอกเลขที่ใบอนุญาตหรือชื่อผู้ประกอบการ", `aria-invalid="true"`}},
		{"too long", strings.Repeat("x", 201), 400, []string{"ยาวเกินไป"}},
		{"refused by the store", "50%", 400, []string{"ค้นหาด้วยคำนี้ไม่ได้", "may not hold % or _"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := f.get(t, "/licences?q="+url.QueryEscape(tt.q))
			if p.Status != tt.status {
				t.Fatalf("status %d, want %d", p.Status, tt.status)
			}
			for _, want := range tt.has {
				if !strings.Contains(p.Body, want) {
					t.Errorf("page lacks %q:\n%.3000s", want, p.Body)
				}
			}
		})
	}
}

func TestLicencePage(t *testing.T) {
	f := newFixture(t, 1)
	p := f.get(t, "/licences/DLA/12/2567")
	if p.Status != 200 || !strings.Contains(p.Body, "<h1>ใบอนุญาตเลขที่ 12/2567</h1>") || !strings.Contains(p.Body, "15 มกราคม พ.ศ. 2567") {
		t.Fatalf("licence page %d:\n%.3000s", p.Status, p.Body)
	}
	svg := svgs.FindString(p.Body)
	checkSVG(t, svg)
	if !strings.Contains(svg, "เปิด http://data.gdx.test/licences/DLA/12/2567") || !strings.Contains(svg, `role="img"`) {
		t.Errorf("QR code does not name the page's absolute URL: %.400s", svg)
	}
	qr := f.get(t, "/qr/licences/DLA/12/2567")
	if qr.Status != 200 || qr.Header.Get("Content-Type") != "image/svg+xml" || qr.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("QR file: %d %v", qr.Status, qr.Header)
	}
	checkSVG(t, qr.Body)
	if !strings.HasPrefix(qr.Body, "<?xml") || svgs.FindString(qr.Body) != svg {
		t.Error("the QR file differs from the code on the page")
	}
}

func TestUnknownLicenceIsNotFound(t *testing.T) {
	f := newFixture(t, 1)
	for _, path := range []string{"/licences/DLA/1/2500", "/licences/NOBODY/12/2567", "/licences/DLA/" + url.PathEscape("../../etc")} {
		p := f.get(t, path)
		if p.Status != http.StatusNotFound || !strings.Contains(p.Body, "ไม่พบใบอนุญาต") || !strings.Contains(p.Body, `action="/licences"`) {
			t.Errorf("%s: %d\n%.2000s", path, p.Status, p.Body)
		}
		if strings.Contains(p.Body, "เกิดข้อผิดพลาด") {
			t.Errorf("%s: an error page for an unknown licence", path)
		}
	}
	if p := f.get(t, "/qr/licences/DLA/1/2500"); p.Status != http.StatusNotFound {
		t.Errorf("QR of an unknown licence: %d", p.Status)
	}
}

func TestStatisticsCharts(t *testing.T) {
	f := newFixture(t, 1)
	p := f.get(t, "/statistics?lang=en")
	charts := svgs.FindAllString(p.Body, -1)
	if len(charts) != 3 {
		t.Fatalf("%d charts, want 3", len(charts))
	}
	for _, c := range charts {
		checkSVG(t, c)
	}
	// The numbers are in tables too.
	for _, want := range []string{
		`<th scope="row">Nov 2026</th><td class="num">1,500</td><td class="num">45</td><td class="num">2</td>`,
		`<th scope="row"><code>no_grant</code></th><td class="num">45</td>`,
		"&lt;b&gt;purpose_not_in_grant&lt;/b&gt;",
		"<caption>Response time per month in milliseconds</caption>",
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("statistics lack %s", want)
		}
	}
}
