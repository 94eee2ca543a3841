package search

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that no query string panics the parsers or a search,
// and that every failure is a *QueryError.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "a b", "a OR b", "(a AND (b OR -c))", `title:"ร้านขายยา" +x`,
		"metadata_modified:[NOW-1DAY/DAY TO NOW+2HOURS]", "x:{a TO *}", "*:*",
		"tags:(a b) ^2 ~1", `a\ b\:c`, "name:food*", "NOT !-+", "[", "(", `"`,
		"ใบอนุญาตก่อสร้างอาคาร เชียงใหม่", "a:b:c", "&& || ::",
	} {
		f.Add(s)
	}
	ix := fixture()
	f.Fuzz(func(t *testing.T, q string) {
		check := func(what string, err error) {
			var qe *QueryError
			if err != nil && (!errors.As(err, &qe) || qe.Message == "") {
				t.Fatalf("%s(%q) error %v is not a *QueryError with a message", what, q, err)
			}
		}
		_, err := parseLucene(q)
		check("parseLucene", err)
		_, err = parseDismax(q)
		check("parseDismax", err)
		if err != nil && utf8.ValidString(q) && !strings.Contains(err.Error(), "too many clauses") {
			t.Fatalf("parseDismax(%q) = %v; dismax must not fail on valid text", q, err)
		}
		_, err = ix.Search(Query{Q: q, Rows: 3, FacetFields: []string{"tags"}}, testNow)
		check("Search q", err)
		_, err = ix.Search(Query{FQ: []string{q}, Rows: 3}, testNow)
		check("Search fq", err)
		_, err = ix.Search(Query{Sort: q, Rows: 3}, testNow)
		check("Search sort", err)
		_ = Tokens(q)
	})
}
