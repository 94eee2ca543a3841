package search_test

import (
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/opendata/search"
)

func ExampleIndex_Search() {
	ix := search.NewIndex([]search.Doc{
		{ID: "a", Name: "pharmacies", Title: "ใบอนุญาตร้านขายยา กรุงเทพมหานคร",
			Fields: map[string][]string{"organization": {"fda"}, "res_format": {"CSV"}},
			Dates:  map[string]time.Time{"metadata_modified": time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}},
		{ID: "b", Name: "phayao", Title: "สถิติประชากรจังหวัดพะเยา",
			Fields: map[string][]string{"organization": {"dopa"}, "res_format": {"CSV", "JSON"}},
			Dates:  map[string]time.Time{"metadata_modified": time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)}},
	})
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	res, err := ix.Search(search.Query{
		Q:           "ยา",
		FQ:          []string{"res_format:CSV", "metadata_modified:[NOW-2YEARS TO NOW]"},
		Rows:        10,
		FacetFields: []string{"organization"}, FacetLimit: -1, FacetMinCount: 1,
	}, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Count, res.IDs, res.Facets["organization"])

	_, err = ix.Search(search.Query{FQ: []string{"metadata_modified:[NOW-1DAY TO"}}, now)
	fmt.Println(err)
	// Output:
	// 2 [a b] [{dopa 1} {fda 1}]
	// cannot parse query: the range starting at column 19 is not closed with ] or }
}

func ExampleTokens() {
	fmt.Printf("%q\n", search.Tokens("ใบอนุญาตประกอบกิจการโรงงาน จังหวัดเชียงใหม่ ปี ๒๕๖๗"))
	// Output:
	// ["ใบ" "อนุญาต" "ประกอบ" "กิจการ" "โรงงาน" "จังหวัด" "เชียงใหม่" "ปี" "2567"]
}
