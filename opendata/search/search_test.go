package search

import (
	"errors"
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
		{"singular finds plural", "licence", nil, "3"},
		{"plural finds singular", "shops", nil, "3"},
		{"two words both required", "food shop", nil, "3"},
		{"two words, one missing", "food pharmacy", nil, "none"},
		{"explicit OR", "food OR pharmacy", nil, "1 3"},
		{"a word of punctuation drops out of mm", "food ...", nil, "3"},
		{"and does not count", "food ... shop", nil, "3"},
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
		{"fq field group with OR", "", []string{"+organization:(dla OR fda)"}, "1 3 4 5"},
		{"CKAN's fq prefix before an OR makes the OR optional", "", []string{"+license_id:cc-by organization:dla OR organization:fda"}, "2 3 4 6"},
		{"fq list ANDed", "", []string{"organization:dla", "license_id:cc-by"}, "3 4"},
		{"blank fq ignored", "", []string{"", "  "}, "1 2 3 4 5 6"},
		{"field present", "", []string{"license_id:*"}, "1 2 3 4 6"},
		{"text field present", "", []string{"notes:*"}, "1 2 3 5 6"},
		{"text field absent", "", []string{"-notes:*"}, "4"},
		{"field absent", "", []string{"-license_id:*"}, "5"},
		{"date from", "", []string{"metadata_modified:[2024-01-01T00:00:00Z TO *]"}, "1 2 3 5"},
		{"date exclusive", "", []string{"metadata_modified:{2024-01-01T00:00:00Z TO *]"}, "1 2 5"},
		{"NOW minus", "", []string{"metadata_modified:[NOW-1YEAR TO NOW]"}, "1 2 3 4 5"},
		{"NOW rounded", "", []string{"metadata_modified:[* TO NOW/YEAR]"}, "3 4 6"},
		{"NOW rounded, exclusive", "", []string{"metadata_modified:[* TO NOW/YEAR}"}, "4 6"},
		{"harvester's incremental fq, microseconds", "", []string{"metadata_modified:[2024-02-29T23:00:00.123456Z TO *]"}, "1 5"},
		{"harvester's excluded organisations", "", []string{"-organization:dla -organization:dbd metadata_modified:[2024-01-01T00:00:00Z TO *]"}, "1 2"},
		{"fractional seconds", "", []string{"metadata_modified:[2024-03-15T00:00:00.000Z TO 2024-03-15T00:00:00.000Z]"}, "5"},
		{"date term", "", []string{`metadata_modified:"2024-03-15T00:00:00Z"`}, "5"},
		{"date any", "", []string{"metadata_modified:[* TO *]"}, "1 2 3 4 5 6"},
		{"date present", "", []string{"metadata_modified:*"}, "1 2 3 4 5 6"},
		{"date field nobody has", "", []string{"-review_date:*"}, "1 2 3 4 5 6"},
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
		name  string
		q     Query
		want  string
		param string
	}{
		{"bad date", Query{FQ: []string{"metadata_modified:[yesterday TO NOW]"}}, `invalid date "yesterday"`, "fq"},
		{"date without zone", Query{FQ: []string{"metadata_modified:[2024-01-01 TO NOW]"}}, `invalid date "2024-01-01"`, "fq"},
		{"bad unit", Query{FQ: []string{"metadata_modified:[NOW-1FORTNIGHT TO NOW]"}}, `unknown unit "FORTNIGHT"`, "fq"},
		{"math without number", Query{FQ: []string{"metadata_modified:[NOW-DAY TO NOW]"}}, "needs a number and a unit", "fq"},
		{"bad math operator", Query{FQ: []string{"metadata_modified:[NOW*2 TO NOW]"}}, "expected +, - or /", "fq"},
		{"bad date in q", Query{Q: "metadata_created:[x TO *]"}, `invalid date "x"`, "q"},
		{"range on text", Query{Q: "title:[a TO b]"}, "text field", "q"},
		{"sort without order", Query{Sort: "name"}, "can't determine a sort order", "sort"},
		{"sort with bad order", Query{Sort: "name up"}, "can't determine a sort order", "sort"},
		{"sort on text", Query{Sort: "title asc"}, "cannot sort on the text field", "sort"},
		{"negative rows", Query{Rows: -1}, "rows must not be negative", "rows"},
		{"negative start", Query{Start: -1}, "start must not be negative", "start"},
		{"bad fq", Query{FQ: []string{"(organization:dla"}}, "not closed", "fq"},
		{"bad fielded q", Query{Q: `title:"x`}, "no closing quote", "q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(tt.q, testNow)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("Search(%+v) error = %v, want a *QueryError", tt.q, err)
			}
			if !strings.Contains(qe.Error(), tt.want) || qe.Param != tt.param {
				t.Errorf("error %q in %q, want it to contain %q in %q", qe.Error(), qe.Param, tt.want, tt.param)
			}
		})
	}
}
