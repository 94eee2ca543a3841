package integration

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserFindsAndDownloadsALicenceDataset searches the portal in Thai
// for a licence dataset, opens it and downloads its CSV as a visitor's
// browser would: UTF-8 with a byte-order mark, so spreadsheets read Thai.
func TestBrowserFindsAndDownloadsALicenceDataset(t *testing.T) {
	b := newTab(t)
	d := startDemo(t, t.TempDir())
	waitForLicenceDatasets(t, d)
	b.open(d.Info.WebURL + "/")
	if lang := b.attr("html", "lang"); lang != "th" {
		t.Fatalf("the portal must greet a new visitor in Thai, got lang=%q", lang)
	}
	b.typeInto("#q", "ใบอนุญาต")
	b.click("form.search button[type=submit]")
	if u := b.location(); !strings.Contains(u, "/datasets?") {
		t.Fatalf("the search went to %s", u)
	}
	b.click(`ul.results a[href$="-licences"]`)
	if !strings.Contains(b.text("h1"), "ใบอนุญาต") {
		t.Fatalf("the dataset page's title is %q", b.text("h1"))
	}
	raw := b.download(`a[href$=".csv"][download]`)
	if !bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		t.Fatalf("the CSV must start with the UTF-8 BOM: % x", raw[:min(len(raw), 8)])
	}
	header, _, _ := strings.Cut(string(raw[3:]), "\n")
	if !strings.HasPrefix(header, "licence_number,") || !strings.Contains(header, "business_name") {
		t.Fatalf("CSV header: %q", header)
	}
}

// TestBrowserRemembersTheLanguage switches the portal to English and finds
// the choice kept on the next page and on a later visit in a new tab.
func TestBrowserRemembersTheLanguage(t *testing.T) {
	b := newTab(t)
	d := startDemo(t, t.TempDir())
	b.open(d.Info.WebURL + "/datasets")
	b.click("form.lang button")
	if lang := b.attr("html", "lang"); lang != "en" {
		t.Fatalf("after the switch the page is in %q", lang)
	}
	if u := b.location(); !strings.HasSuffix(strings.SplitN(u, "?", 2)[0], "/datasets") {
		t.Errorf("the switch must come back to the page it was made on, came to %s", u)
	}
	b.click(`nav a[href="/licences"]`)
	if lang := b.attr("html", "lang"); lang != "en" || !strings.Contains(b.text("h1"), "licence") {
		t.Fatalf("the next page is in %q: %q", lang, b.text("h1"))
	}

	later := b.newVisit()
	later.open(d.Info.WebURL + "/")
	if lang := later.attr("html", "lang"); lang != "en" {
		t.Fatalf("a later visit is in %q; the choice was not remembered", lang)
	}
	later.click("form.lang button")
	if lang := later.attr("html", "lang"); lang != "th" {
		t.Fatalf("switching back gives %q", lang)
	}
}

// TestBrowserChecksALicenceByItsQRCode finds a licence, takes the address
// its QR code encodes (from the SVG's description and the page's caption)
// and opens it as a phone's camera would.
func TestBrowserChecksALicenceByItsQRCode(t *testing.T) {
	b := newTab(t)
	d := startDemo(t, t.TempDir())
	b.open(d.Info.WebURL + "/licences")
	b.typeInto("#lq", "บริษัท")
	b.click("form.search button[type=submit]")
	b.click(`main a[href^="/licences/"]`)
	page := b.location()
	number := b.text("dl.meta dd")
	caption := strings.TrimSpace(b.text("figure figcaption code"))

	qr := b.attr(`a[href^="/qr/licences/"]`, "href")
	b.open(d.Info.WebURL + qr)
	desc := eval[string](b, "read the QR's description", `document.querySelector("desc").textContent`)
	encoded := caption
	if !strings.Contains(desc, encoded) {
		t.Fatalf("the QR's description %q does not name the caption's address %q", desc, encoded)
	}
	if cu, pu := mustParse(t, encoded), mustParse(t, page); cu.Host != pu.Host || cu.Path != pu.Path {
		t.Fatalf("the QR points at %s, the licence page is %s", encoded, page)
	}

	scan := b.newVisit()
	scan.open(encoded)
	if got := scan.text("dl.meta dd"); got != number {
		t.Fatalf("the QR's page shows licence %q, want %q", got, number)
	}
	if status := scan.text(`p.badge[role=status]`); status == "" {
		t.Fatal("the licence page must say its status now")
	}
}

// waitForLicenceDatasets waits until the demo has published its licence
// databases on the portal, which it does in the background after start.
func waitForLicenceDatasets(t *testing.T, d *runningDemo) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := http.Get(d.Info.WebURL + "/api/3/action/package_search?q=licences&rows=50")
		if err == nil {
			raw, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if strings.Contains(string(raw), "-licences") {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the demo did not publish its licence datasets within 2 minutes: %v", err)
		}
		time.Sleep(time.Second)
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return u
}

// newVisit opens another tab of the same browser: a later visit, with
// the cookies the browser kept.
func (b *tab) newVisit() *tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("open a new tab: %v", err)
	}
	return &tab{t: b.t, ctx: ctx, dir: b.dir, shots: b.shots}
}

// TestBrowserPublicPagesPassAxe runs axe-core on every public portal
// page: no serious or critical violations, in Thai and in English.
func TestBrowserPublicPagesPassAxe(t *testing.T) {
	src := axeScript(t)
	b := newTab(t)
	d := startDemo(t, t.TempDir())
	waitForLicenceDatasets(t, d)
	pages := []string{"/", "/datasets", "/datasets/dla-licences", "/organizations", "/organizations/dopa", "/access",
		"/statistics", "/licences", "/licences?q=%E0%B8%9A%E0%B8%A3%E0%B8%B4%E0%B8%A9%E0%B8%B1%E0%B8%97",
		"/licences/DIW/F3-000001", "/licences/DIW/no-such-licence", "/developers", "/citizen/", "/no-such-page"}
	for _, lang := range []string{"th", "en"} {
		for _, p := range pages {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			b.open(d.Info.WebURL + p + sep + "lang=" + lang)
			for _, v := range b.axe(src) {
				t.Errorf("%s (%s): %s", p, lang, v)
			}
		}
	}
}

// TestBrowserCitizenSeesTheLookup makes a real lookup through the agency
// API, then signs the citizen in through the simulated Digital ID in the
// browser and finds it on "who looked at my record", whose pages pass
// axe-core.
func TestBrowserCitizenSeesTheLookup(t *testing.T) {
	src := axeScript(t)
	b := newTab(t)
	d := startDemo(t, t.TempDir())
	person := d.sampleKey(t, "dopa.person")
	if res, a := d.lookup(t, "DLA", "licensing", http.MethodGet, "/v1/datasets/dopa.person/records/"+person+"?fields=title", nil); res.StatusCode != http.StatusOK {
		t.Fatalf("lookup: %d %+v", res.StatusCode, a)
	}
	b.open(d.Info.WebURL + "/citizen/")
	b.click(`main a.button[href$="/login"]`)
	for _, v := range b.axe(src) {
		t.Errorf("the simulated Digital ID's login page: %s", v)
	}
	b.click(`button[name=citizen][value="` + person + `"]`)
	for _, v := range b.axe(src) {
		t.Errorf("lookups page: %s", v)
	}
	rows := b.text("table tbody")
	if !strings.Contains(rows, "DLA") || !strings.Contains(rows, "คำนำหน้า") { // the field "title", in Thai
		t.Fatalf("the citizen's lookups do not show DLA's lookup of title:\n%s", rows)
	}
	if strings.Contains(b.text("main"), person) {
		t.Error("the page must show the citizen id masked")
	}
}
