package search

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestSortAndPage(t *testing.T) {
	ix := fixture()
	tests := []struct {
		name  string
		q     Query
		want  string
		count int
	}{
		{"id asc", Query{Sort: "id asc", Rows: 10}, "1 2 3 4 5 6", 6},
		{"id desc", Query{Sort: "id desc", Rows: 10}, "6 5 4 3 2 1", 6},
		{"name asc", Query{Sort: "name asc", Rows: 10}, "5 3 6 1 2 4", 6},
		{"modified desc", Query{Sort: "metadata_modified desc", Rows: 10}, "5 1 2 3 4 6", 6},
		{"modified asc", Query{Sort: "metadata_modified asc", Rows: 10}, "6 4 3 2 1 5", 6},
		{"title_string", Query{Sort: "title_string asc", Rows: 10}, "3 6 2 5 4 1", 6},
		{"two keys", Query{Sort: "organization asc, metadata_modified desc", Rows: 10}, "6 5 3 4 2 1", 6},
		{"missing last ascending", Query{Sort: "license_id asc", Rows: 10}, "1 2 3 4 6 5", 6},
		{"missing last descending", Query{Sort: "license_id desc", Rows: 10}, "2 3 4 6 1 5", 6},
		{"page", Query{Sort: "id asc", Start: 2, Rows: 2}, "3 4", 6},
		{"last page short", Query{Sort: "id asc", Start: 4, Rows: 10}, "5 6", 6},
		{"past the end", Query{Sort: "id asc", Start: 10, Rows: 10}, "", 6},
		{"rows 0 counts", Query{Rows: 0}, "", 6},
		{"huge start", Query{Start: math.MaxInt, Rows: math.MaxInt}, "", 6},
		{"huge rows", Query{Sort: "id asc", Start: 5, Rows: math.MaxInt}, "6", 6},
		{"default sort without q is by modified", Query{Rows: 3}, "5 1 2", 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(tt.q, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(res.IDs, " "); got != tt.want || res.Count != tt.count {
				t.Errorf("got %q (count %d), want %q (count %d)", got, res.Count, tt.want, tt.count)
			}
		})
	}
}

func TestFacets(t *testing.T) {
	ix := fixture()
	fc := func(s string) []FacetCount {
		out := []FacetCount{}
		for _, p := range strings.Fields(s) {
			v, n, _ := strings.Cut(p, "=")
			c := 0
			for _, r := range n {
				c = c*10 + int(r-'0')
			}
			out = append(out, FacetCount{Value: v, Count: c})
		}
		return out
	}
	tests := []struct {
		name  string
		q     Query
		field string
		want  []FacetCount
	}{
		{"counts, ties by value", Query{FacetLimit: -1, FacetMinCount: 1}, "organization", fc("dla=3 dbd=1 dopa=1 fda=1")},
		{"multi-valued", Query{FacetLimit: -1, FacetMinCount: 1}, "res_format", fc("CSV=3 JSON=1 PDF=1 XLSX=1")},
		{"limit", Query{FacetLimit: 2, FacetMinCount: 1}, "organization", fc("dla=3 dbd=1")},
		{"mincount", Query{FacetLimit: -1, FacetMinCount: 2}, "organization", fc("dla=3")},
		{"over the matches only", Query{Q: "ยา", FacetLimit: -1, FacetMinCount: 1}, "organization", fc("dopa=1 fda=1")},
		{"mincount 0 lists zeros", Query{Q: "organization:dla", FacetLimit: -1}, "organization", fc("dla=3 dbd=0 dopa=0 fda=0")},
		{"fq narrows facets", Query{FQ: []string{"organization:dla"}, FacetLimit: -1, FacetMinCount: 1}, "res_format", fc("CSV=1 PDF=1 XLSX=1")},
		{"unknown field is empty", Query{FacetLimit: -1, FacetMinCount: 1}, "nosuch", fc("")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.FacetFields = []string{tt.field}
			res, err := ix.Search(tt.q, testNow)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := res.Facets[tt.field]
			if !ok || !slices.Equal(got, tt.want) {
				t.Errorf("facet %s = %v (present %v), want %v", tt.field, got, ok, tt.want)
			}
		})
	}
}

func TestFacetDefaultLimit(t *testing.T) {
	var docs []Doc
	for i := range 60 {
		docs = append(docs, Doc{ID: string(rune('A' + i)), Fields: map[string][]string{"tags": {string(rune('A' + i))}}})
	}
	res, err := NewIndex(docs).Search(Query{FacetFields: []string{"tags"}, FacetMinCount: 1}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Facets["tags"]); n != DefaultFacetLimit {
		t.Errorf("got %d facet values, want the default limit %d", n, DefaultFacetLimit)
	}
}

func TestThaiRanking(t *testing.T) {
	ix := fixture()
	tests := []struct {
		name, q string
		want    string
	}{
		{"a word beats the same letters inside a province name", "ยา", "1 2"},
		{"a title match beats a notes match", "ร้านอาหาร", "4 3"},
		{"ใหม่ as a word beats ใหม่ inside เชียงใหม่", "ใหม่", "6 4 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(Query{Q: tt.q, Rows: 10}, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(res.IDs, " "); got != tt.want {
				t.Errorf("Search(%q) = %s, want %s", tt.q, got, tt.want)
			}
		})
	}
}

func TestNumericFields(t *testing.T) {
	docs := []Doc{
		{ID: "a", Fields: map[string][]string{"views_total": {"9"}, "num_resources": {"9"}}},
		{ID: "b", Fields: map[string][]string{"views_total": {"10"}, "num_resources": {"10"}}},
		{ID: "c", Fields: map[string][]string{"views_total": {"100"}, "num_resources": {"100"}}},
	}
	ix := NewIndex(docs)
	tests := []struct {
		name string
		q    Query
		want string
	}{
		{"int field ranges by number", Query{FQ: []string{"views_total:[10 TO *]"}, Sort: "id asc"}, "b c"},
		{"int field exclusive", Query{FQ: []string{"views_total:{9 TO 100}"}, Sort: "id asc"}, "b"},
		{"int field sorts by number", Query{Sort: "views_total desc"}, "c b a"},
		{"num_resources is a string in CKAN's schema", Query{FQ: []string{"num_resources:[2 TO *]"}, Sort: "id asc"}, "a"},
		{"num_resources sorts as a string", Query{Sort: "num_resources asc"}, "b c a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Rows = 10
			res, err := ix.Search(tt.q, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(res.IDs, " "); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	if _, err := ix.Search(Query{FQ: []string{"views_total:[x TO *]"}}, testNow); err == nil || !strings.Contains(err.Error(), `invalid number "x"`) {
		t.Errorf("a bad number in an int range: err = %v", err)
	}
}

func TestRankingOrder(t *testing.T) {
	docs := []Doc{
		{ID: "scattered", Title: "ร้านค้าปลีก และอาหารสด"},
		{ID: "whole", Title: "ร้านอาหาร"},
		{ID: "notes", Title: "ข้อมูลเปิด", Notes: "ร้านอาหาร"},
		{ID: "long", Title: "รายชื่อร้านอาหารที่ได้รับใบอนุญาตจำหน่ายอาหารในเขตเทศบาลนครเชียงใหม่ ปีงบประมาณ 2567 ฉบับปรับปรุง"},
		{ID: "en-title", Title: "Pharmacy licences", Notes: "Shops"},
		{ID: "en-notes", Title: "Shops", Notes: "Pharmacy licences"},
	}
	tests := []struct {
		name, q, want string
	}{
		{"whole word first, short title before long, notes after, scattered last", "ร้านอาหาร", "whole long notes scattered"},
		{"title before notes in English", "pharmacy", "en-title en-notes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, order := range []string{"given", "reversed"} {
				in := slices.Clone(docs)
				if order == "reversed" {
					slices.Reverse(in)
				}
				res, err := NewIndex(in).Search(Query{Q: tt.q, Rows: 10}, testNow)
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Join(res.IDs, " "); got != tt.want {
					t.Errorf("%s order: Search(%q) = %s, want %s", order, tt.q, got, tt.want)
				}
			}
		})
	}
}

// TestTiesIndependentOfInputOrder checks that replicas that load the same
// documents in another order answer the same pages.
func TestTiesIndependentOfInputOrder(t *testing.T) {
	docs := generated(300)
	rev := slices.Clone(docs)
	slices.Reverse(rev)
	a, b := NewIndex(docs), NewIndex(rev)
	for _, bq := range benchQueries {
		q := bq.q
		q.Start = 0
		ra, err := a.Search(q, testNow)
		if err != nil {
			t.Fatal(err)
		}
		rb, _ := b.Search(q, testNow)
		if !slices.Equal(ra.IDs, rb.IDs) || ra.Count != rb.Count {
			t.Errorf("%s: %v (%d) and %v (%d) differ", bq.name, ra.IDs, ra.Count, rb.IDs, rb.Count)
		}
	}
}
