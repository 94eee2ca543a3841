package search

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// testNow anchors NOW in the tests.
var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func fixture() *Index {
	f := func(kv ...string) map[string][]string {
		m := map[string][]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = append(m[kv[i]], strings.Split(kv[i+1], "|")...)
		}
		return m
	}
	dates := func(mod string) map[string]time.Time {
		return map[string]time.Time{"metadata_modified": day(mod), "metadata_created": day("2020-01-01")}
	}
	return NewIndex([]Doc{
		{ID: "1", Name: "pharmacy-bkk", Title: "ใบอนุญาตร้านขายยา กรุงเทพมหานคร", Notes: "รายชื่อร้านขายยาที่ได้รับอนุญาต",
			Fields: f("tags", "ยา|สาธารณสุข", "organization", "fda", "res_format", "CSV|JSON", "license_id", "OGL-TH"), Dates: dates("2024-03-01")},
		{ID: "2", Name: "phayao-stats", Title: "สถิติประชากรจังหวัดพะเยา", Notes: "จำนวนประชากรรายอำเภอ",
			Fields: f("organization", "dopa", "res_format", "CSV", "license_id", "cc-by"), Dates: dates("2024-02-01")},
		{ID: "3", Name: "food-shops", Title: "Food shop licences", Notes: "Licensed food shops in Chiang Mai. ร้านอาหาร เชียงใหม่",
			Fields: f("tags", "food", "organization", "dla", "res_format", "XLSX", "license_id", "cc-by"), Dates: dates("2024-01-01")},
		{ID: "4", Name: "restaurant-cm", Title: "ใบอนุญาตจัดตั้งร้านอาหารจังหวัดเชียงใหม่",
			Fields: f("organization", "dla", "res_format", "CSV", "license_id", "cc-by"), Dates: dates("2023-12-01")},
		{ID: "5", Name: "building-permits", Title: "ใบอนุญาตก่อสร้างอาคาร 2567", Notes: "building permits, fiscal year ๒๕๖๗",
			Fields: f("tags", "construction", "organization", "dla", "res_format", "PDF"), Dates: dates("2024-03-15")},
		{ID: "6", Name: "new-registrations", Title: "ทะเบียนนิติบุคคลใหม่", Notes: "new juristic persons", Text: []string{"Department of Business Development"},
			Fields: f("organization", "dbd", "license_id", "cc-by"), Dates: dates("2022-06-01")},
	})
}

func TestMatching(t *testing.T) {
	ix := fixture()
	tests := []struct {
		name string
		q    string
		fq   []string
		want string // matching IDs in id order
	}{
		{"everything", "", nil, "1 2 3 4 5 6"},
		{"match all", "*:*", nil, "1 2 3 4 5 6"},
		{"Thai word inside a title", "ยา", nil, "1 2"},
		{"Thai compound", "ร้านอาหาร", nil, "3 4"},
		{"province", "เชียงใหม่", nil, "3 4"},
		{"Thai word inside a province name", "ใหม่", nil, "3 4 6"},
		{"two Thai words both required", "อนุญาต ก่อสร้าง", nil, "5"},
		{"Thai query the dictionary cuts", "ร้านขายยากรุงเทพ", nil, "1"},
		{"Thai digits", "๒๕๖๗", nil, "5"},
		{"ASCII digits find Thai digits", "2567", nil, "5"},
		{"English, any case", "FOOD", nil, "3"},
		{"whole words only", "foo", nil, "none"},
		{"two words both required", "food shop", nil, "3"},
		{"two words, one missing", "food pharmacy", nil, "none"},
		{"explicit OR", "food OR pharmacy", nil, "1 3"},
		{"four words, three needed", "food shops chiang nowhere", nil, "3"},
		{"free text reaches Text", "business development", nil, "6"},
		{"phrase", `"food shop"`, nil, "3"},
		{"phrase in the wrong order", `"shop food"`, nil, "none"},
		{"Thai phrase", `"ร้านขายยา"`, nil, "1"},
		{"dismax exclusion", "+ยา -พะเยา", nil, "1"},
		{"exact field", "tags:food", nil, "3"},
		{"exact field is case-sensitive", "tags:Food", nil, "none"},
		{"exact Thai tag", "tags:ยา", nil, "1"},
		{"unknown field matches nothing", "nosuchfield:x", nil, "none"},
		{"id", "id:3", nil, "3"},
		{"name", "name:food-shops", nil, "3"},
		{"name prefix", "name:food*", nil, "3"},
		{"title only", "title:food", nil, "3"},
		{"notes only", "notes:ยา", nil, "1"},
		{"title misses notes", "title:chiang", nil, "none"},
		{"text field", "text:development", nil, "6"},
		{"Thai title prefix", "title:ร้าน*", nil, "1 4"},
		{"fielded with free text", "ยา -organization:fda", nil, "2"},
		{"parentheses", "(ยา OR food) AND organization:fda", nil, "1"},
		{"fq", "organization:dla", []string{"res_format:CSV"}, "4"},
		{"fq OR", "", []string{"organization:dla OR organization:fda"}, "1 3 4 5"},
		{"fq juxtaposition is AND", "", []string{"organization:dla res_format:CSV"}, "4"},
		{"fq negation", "", []string{"-organization:dla"}, "1 2 6"},
		{"fq required and prohibited", "", []string{"+organization:dla -res_format:PDF"}, "3 4"},
		{"fq list ANDed", "", []string{"organization:dla", "license_id:cc-by"}, "3 4"},
		{"blank fq ignored", "", []string{"", "  "}, "1 2 3 4 5 6"},
		{"field present", "", []string{"license_id:*"}, "1 2 3 4 6"},
		{"field absent", "", []string{"-license_id:*"}, "5"},
		{"date from", "", []string{"metadata_modified:[2024-01-01T00:00:00Z TO *]"}, "1 2 3 5"},
		{"date exclusive", "", []string{"metadata_modified:{2024-01-01T00:00:00Z TO *]"}, "1 2 5"},
		{"NOW minus", "", []string{"metadata_modified:[NOW-1YEAR TO NOW]"}, "1 2 3 4 5"},
		{"NOW rounded", "", []string{"metadata_modified:[* TO NOW/YEAR]"}, "3 4 6"},
		{"NOW rounded, exclusive", "", []string{"metadata_modified:[* TO NOW/YEAR}"}, "4 6"},
		{"fractional seconds", "", []string{"metadata_modified:[2024-03-15T00:00:00.000Z TO 2024-03-15T00:00:00.000Z]"}, "5"},
		{"date term", "", []string{`metadata_modified:"2024-03-15T00:00:00Z"`}, "5"},
		{"date any", "", []string{"metadata_modified:[* TO *]"}, "1 2 3 4 5 6"},
		{"string range", "", []string{"organization:[da TO dp]"}, "2 3 4 5 6"},
		{"string range exclusive", "", []string{"organization:{dla TO dopa}"}, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(Query{Q: tt.q, FQ: tt.fq, Sort: "id asc", Rows: 100}, testNow)
			if err != nil {
				t.Fatalf("Search(q=%q fq=%q): %v", tt.q, tt.fq, err)
			}
			got := strings.Join(res.IDs, " ")
			if got == "" {
				got = "none"
			}
			if got != tt.want {
				t.Errorf("Search(q=%q fq=%q) = %s, want %s", tt.q, tt.fq, got, tt.want)
			}
			if res.Count != len(res.IDs) {
				t.Errorf("Count = %d, want %d", res.Count, len(res.IDs))
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	ix := fixture()
	tests := []struct {
		name string
		q    Query
		want string
	}{
		{"bad date", Query{FQ: []string{"metadata_modified:[yesterday TO NOW]"}}, `invalid date "yesterday"`},
		{"date without zone", Query{FQ: []string{"metadata_modified:[2024-01-01 TO NOW]"}}, `invalid date "2024-01-01"`},
		{"bad unit", Query{FQ: []string{"metadata_modified:[NOW-1FORTNIGHT TO NOW]"}}, `unknown unit "FORTNIGHT"`},
		{"math without number", Query{FQ: []string{"metadata_modified:[NOW-DAY TO NOW]"}}, "needs a number and a unit"},
		{"bad math operator", Query{FQ: []string{"metadata_modified:[NOW*2 TO NOW]"}}, "expected +, - or /"},
		{"bad date in q", Query{Q: "metadata_created:[x TO *]"}, `invalid date "x"`},
		{"range on text", Query{Q: "title:[a TO b]"}, "text field"},
		{"sort without order", Query{Sort: "name"}, "can't determine a sort order"},
		{"sort with bad order", Query{Sort: "name up"}, "can't determine a sort order"},
		{"sort on text", Query{Sort: "title asc"}, "cannot sort on the text field"},
		{"negative rows", Query{Rows: -1}, "must not be negative"},
		{"negative start", Query{Start: -1}, "must not be negative"},
		{"bad fq", Query{FQ: []string{"(organization:dla"}}, "not closed"},
		{"bad fielded q", Query{Q: `title:"x`}, "no closing quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(tt.q, testNow)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("Search(%+v) error = %v, want a *QueryError", tt.q, err)
			}
			if !strings.Contains(qe.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", qe.Error(), tt.want)
			}
		})
	}
}

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
