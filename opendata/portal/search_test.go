package portal_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var resultLinks = regexp.MustCompile(`<h3><a href="/datasets/([^"]+)">`)

func results(body string) []string {
	var out []string
	for _, m := range resultLinks.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// count reads "พบ N ชุดข้อมูล".
func count(t *testing.T, body string) int {
	t.Helper()
	m := regexp.MustCompile(`พบ (\d+) ชุดข้อมูล`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no count on the page:\n%.2000s", body)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestFacetsAndPaging(t *testing.T) {
	f := newFixture(t, 45)
	all := f.get(t, "/datasets")
	total := count(t, all.Body)
	if total < 45 || len(results(all.Body)) != 20 {
		t.Fatalf("count %d, %d results on page 1", total, len(results(all.Body)))
	}
	for _, facet := range []string{"หน่วยงาน", "ชั้นความลับ", "รูปแบบไฟล์", "แท็ก", "หมวดหมู่ตาม GD-Catalog"} {
		if !strings.Contains(all.Body, "<h3>"+facet+"</h3>") {
			t.Errorf("facet %s missing", facet)
		}
	}
	if !strings.Contains(all.Body, `href="/datasets?organization=dla">กรมส่งเสริมการปกครองท้องถิ่น</a> <span class="count">(46)</span>`) {
		t.Errorf("organisation facet not linked with its title and count:\n%.4000s", all.Body)
	}
	// Facets combine with AND and keep the query.
	dla := f.get(t, "/datasets?organization=dla&tags=group-1")
	if n := count(t, dla.Body); n != 22 {
		t.Errorf("dla ∧ group-1: %d datasets, want 22", n)
	}
	if !strings.Contains(dla.Body, `aria-current="true"`) || !strings.Contains(dla.Body, `<input type="hidden" name="tags" value="group-1">`) {
		t.Error("chosen facets not marked or not kept in the search form")
	}
	// Paging: 46 datasets in pages of 20, each dataset once.
	seen := map[string]bool{}
	q := url.Values{"organization": {"dla"}}
	for page := 1; page <= 3; page++ {
		p := f.get(t, "/datasets?"+q.Encode()+"&page="+strconv.Itoa(page))
		for _, name := range results(p.Body) {
			if seen[name] {
				t.Errorf("page %d repeats %s", page, name)
			}
			seen[name] = true
		}
		if page == 2 && (!strings.Contains(p.Body, `rel="prev"`) || !strings.Contains(p.Body, `rel="next"`) || !strings.Contains(p.Body, `aria-current="page">2<`)) {
			t.Errorf("page 2 pager:\n%s", p.Body[strings.Index(p.Body, `class="pager"`):])
		}
	}
	if len(seen) != 46 { // 45 licence packages and the demo catalog's DLA dataset
		t.Errorf("%d datasets over three pages, want 46", len(seen))
	}
	if p := f.get(t, "/datasets?classification=secret"); count(t, p.Body) != 1 {
		t.Errorf("classification facet: %d", count(t, p.Body))
	}
}

func TestSort(t *testing.T) {
	f := newFixture(t, 12)
	p := f.get(t, "/datasets?organization=dla&sort=title")
	got := results(p.Body)
	// "<script>…" sorts first; the numbered titles follow in order.
	if len(got) != 13 || got[0] != "licences-00" || !slices.IsSortedFunc(slices.DeleteFunc(slices.Clone(got[1:]),
		func(n string) bool { return !strings.HasPrefix(n, "licences-") }), strings.Compare) {
		t.Errorf("by title: %v", got)
	}
	if !strings.Contains(p.Body, `<option value="title" selected>`) {
		t.Error("the chosen order is not selected")
	}
	if p := f.get(t, "/datasets?sort="+url.QueryEscape("bogus desc")); p.Status != http.StatusOK {
		t.Errorf("unknown sort: %d", p.Status)
	}
}

func TestSearch(t *testing.T) {
	f := newFixture(t, 3)
	p := f.get(t, "/datasets?q="+url.QueryEscape("ร้านอาหาร"))
	if n := count(t, p.Body); n != 3 {
		t.Errorf("Thai search: %d results", n)
	}
	// What CKAN refuses with "Search Query Error" is shown with the search
	// package's message next to the field, as a 400.
	for _, q := range []string{"title:(unclosed", `name:"open`, "metadata_modified:[2024 TO"} {
		p := f.get(t, "/datasets?q="+url.QueryEscape(q))
		if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `id="q-error"`) || !strings.Contains(p.Body, "ไม่เข้าใจคำค้นนี้") {
			t.Errorf("q=%s: status %d\n%.1500s", q, p.Status, p.Body)
		}
	}
	if p := f.get(t, "/datasets?q="+strings.Repeat("ก", 600)); p.Status != http.StatusBadRequest {
		t.Errorf("long query: %d", p.Status)
	}
}

func TestAccessCatalog(t *testing.T) {
	f := newFixture(t, 1)
	p := f.get(t, "/access")
	for _, want := range []string{"ลับที่สุด", "ลับมาก", "ขอรับสิทธิ์", "To request access"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("restricted catalog lacks %q", want)
		}
	}
	if strings.Contains(p.Body, "licences-00") {
		t.Error("an open dataset is listed as restricted")
	}
}

func TestAPIPage(t *testing.T) {
	f := newFixture(t, 1)
	p := f.get(t, "/developers?lang=en")
	for _, want := range []string{
		"https://api.gdx.test/v1/datasets/",
		"http://data.gdx.test/api/3/action/package_search?q=&amp;facet.field=",
		"datastore_search?resource_id=res-csv-licences-00",
		`href="/openapi.json"`,
		"--cert gdx-data/agencies/DLA/client.crt",
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("API page lacks %s", want)
		}
	}
}
