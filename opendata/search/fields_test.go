package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestConcurrentSearch runs searches from several goroutines on one index
// (run with -race).
func TestConcurrentSearch(t *testing.T) {
	ix := NewIndex(generated(500))
	want := make([]Result, len(benchQueries))
	for i, bq := range benchQueries {
		r, err := ix.Search(bq.q, testNow)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = r
	}
	done := make(chan error)
	for g := range 4 {
		go func() {
			for k := range 20 {
				i := (g + k) % len(benchQueries)
				r, err := ix.Search(benchQueries[i].q, testNow)
				if err == nil && !slices.Equal(r.IDs, want[i].IDs) {
					err = fmt.Errorf("%s: got %v, want %v", benchQueries[i].name, r.IDs, want[i].IDs)
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestTextFields(t *testing.T) {
	ix := NewIndex([]Doc{
		{ID: "a", Title: "Licences", TextFields: map[string][]string{"res_name": {"Monthly ร้านอาหาร data", "Annual"}, "author": {"Somchai Jaidee"}}},
		{ID: "b", Title: "Permits", TextFields: map[string][]string{"res_name": {"Annual report"}}, Text: []string{"Somchai"}},
	})
	tests := []struct {
		name, q, want string
	}{
		{"named text field", "res_name:monthly", "a"},
		{"analysed, any case", "author:SOMCHAI", "a"},
		{"Thai inside a named field", "res_name:อาหาร", "a"},
		{"phrase inside a value", `res_name:"annual report"`, "b"},
		{"no phrase across two values", `res_name:"data annual"`, "none"},
		{"every value searched", "res_name:annual", "a b"},
		{"unfielded words skip named fields", "somchai", "b"},
		{"unknown named field", "res_description:annual", "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(Query{Q: tt.q, Sort: "id asc", Rows: 10}, testNow)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(res.IDs, " ")
			if got == "" {
				got = "none"
			}
			if got != tt.want {
				t.Errorf("Search(%q) = %s, want %s", tt.q, got, tt.want)
			}
		})
	}
	for _, q := range []Query{{Q: "res_name:[a TO b]"}, {Sort: "res_name asc"}} {
		if _, err := ix.Search(q, testNow); err == nil || !strings.Contains(err.Error(), "text field") {
			t.Errorf("Search(%+v) err = %v, want a text-field error", q, err)
		}
	}
}

func TestNoPhraseAcrossValues(t *testing.T) {
	ix := NewIndex([]Doc{{ID: "x", Text: []string{"Chiang", "Mai"}}, {ID: "y", Text: []string{"Chiang Mai"}}})
	for q, want := range map[string]string{`"chiang mai"`: "y", "chiang mai": "x y"} {
		res, err := ix.Search(Query{Q: q, Sort: "id asc", Rows: 10}, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(res.IDs, " "); got != want {
			t.Errorf("Search(%s) = %q, want %q", q, got, want)
		}
	}
}

func TestEmptyIndex(t *testing.T) {
	ix := NewIndex(nil)
	for _, q := range []Query{
		{Rows: 10},
		{Q: "ร้านอาหาร food", FQ: []string{"organization:x", "metadata_modified:[NOW-1DAY TO NOW]"}, Rows: 10,
			FacetFields: []string{"organization"}, Sort: "name asc"},
		{Q: "title:x*", Rows: 10, FacetFields: []string{"tags"}, FacetMinCount: 0},
	} {
		res, err := ix.Search(q, testNow)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		if res.Count != 0 || len(res.IDs) != 0 {
			t.Errorf("Search(%+v) = %+v on an empty index", q, res)
		}
	}
	if ix.Len() != 0 {
		t.Errorf("Len = %d", ix.Len())
	}
}

// TestAnyThaiSubstringFindsItsTitle checks the n-gram fallback: any run of
// Thai letters cut out of a title, wherever the cut falls, finds that
// title.
func TestAnyThaiSubstringFindsItsTitle(t *testing.T) {
	docs := generated(400)
	ix := NewIndex(docs)
	rng := rand.New(rand.NewPCG(3, 4))
	for k := range 300 {
		d := docs[rng.IntN(len(docs))]
		var runs [][]rune
		eachRun(d.Title, func(run string, thai bool) {
			if thai {
				runs = append(runs, []rune(run))
			}
		})
		if len(runs) == 0 {
			continue
		}
		run := runs[rng.IntN(len(runs))]
		i := rng.IntN(len(run))
		j := i + 1 + rng.IntN(min(12, len(run)-i))
		q := string(run[i:j])
		res, err := ix.Search(Query{Q: q, Rows: len(docs)}, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(res.IDs, d.ID) {
			t.Errorf("case %d: q=%q (from %q) does not find it among %d hits", k, q, d.Title, res.Count)
		}
	}
}
