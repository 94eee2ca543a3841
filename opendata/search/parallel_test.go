package search

import (
	"reflect"
	"testing"
	"time"
)

// TestSplitKeepsBitsetWordsApart: the parts cover the list in order and
// no bitset word holds documents of two parts.
func TestSplitKeepsBitsetWordsApart(t *testing.T) {
	lists := []docList{
		{all: 10_000},
		{all: 65},
		{list: []int32{0, 1, 2, 63, 64, 65, 127, 128, 129, 500, 501, 502, 10_000}},
		{list: []int32{5, 6, 7, 8}}, // one word: one part takes it all
	}
	for _, d := range lists {
		for _, parts := range []int{2, 3, 8} {
			b := d.split(parts)
			if len(b) != parts+1 || b[0] != 0 || b[parts] != d.len() {
				t.Fatalf("split(%d) of %d = %v", parts, d.len(), b)
			}
			for p := 1; p < parts; p++ {
				if b[p] < b[p-1] {
					t.Fatalf("split(%d) = %v goes back", parts, b)
				}
				if b[p] > 0 && b[p] < d.len() && d.at(b[p])>>6 == d.at(b[p]-1)>>6 {
					t.Fatalf("split(%d) = %v cuts the word of document %d", parts, b, d.at(b[p]))
				}
			}
		}
	}
}

// TestParallelVerifyFindsTheSame: every query answers the same, page and
// order included, whether its terms are verified on one core or all.
func TestParallelVerifyFindsTheSame(t *testing.T) {
	ix := NewIndex(generated(3000))
	now := time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)
	queries := []Query{
		{Q: "อาหาร", Rows: 50},
		{Q: "จำหน่ายอาหาร", Rows: 10},
		{Q: "ใบอนุญาต เชียงใหม่", Rows: 100, Start: 20},
		{Q: "licences", Rows: 30},
		{Q: `"ปี 2563"`, Rows: 10},
		{Q: "อาหาร", FQ: []string{"res_format:CSV"}, Rows: 1000},
	}
	serial := make([]Result, len(queries))
	defer func(v int) { parallelMin = v }(parallelMin)
	parallelMin = 1 << 30
	for i, q := range queries {
		var err error
		if serial[i], err = ix.Search(q, now); err != nil {
			t.Fatal(err)
		}
	}
	parallelMin = 64
	for i, q := range queries {
		got, err := ix.Search(q, now)
		if err != nil {
			t.Fatal(err)
		}
		if serial[i].Count == 0 || !reflect.DeepEqual(got, serial[i]) {
			t.Fatalf("%q: parallel %d hits %v, serial %d hits %v", q.Q, got.Count, got.IDs, serial[i].Count, serial[i].IDs)
		}
	}
}
