package search

import (
	"runtime"
	"sync"
)

// parallelMin is the number of documents from which a term is verified
// on every CPU at once. Verifying scans the text of every candidate, so
// a word that most documents hold costs milliseconds on one core (the
// whole catalogue's text); below this the goroutines are not worth it.
var parallelMin = 4096

// docList is the documents a term is verified in: the sorted list, or
// every document below all when all is set.
type docList struct {
	list []int32
	all  int
}

func (d docList) len() int {
	if d.list == nil {
		return d.all
	}
	return len(d.list)
}

func (d docList) at(j int) int32 {
	if d.list == nil {
		return int32(j)
	}
	return d.list[j]
}

// count calls match for every document and returns how many it matched.
// Large lists are cut into one part per CPU, each part ending where a
// bitset word ends, so that match may set bits of its own documents in a
// shared bitset without a lock.
func (d docList) count(match func(int32) bool) int {
	parts := runtime.GOMAXPROCS(0)
	if d.len() < parallelMin || parts < 2 {
		return d.countRange(0, d.len(), match)
	}
	bounds := d.split(parts)
	counts := make([]int, len(bounds)-1)
	var wg sync.WaitGroup
	for p := range counts {
		wg.Go(func() { counts[p] = d.countRange(bounds[p], bounds[p+1], match) })
	}
	wg.Wait()
	total := 0
	for _, c := range counts {
		total += c
	}
	return total
}

func (d docList) countRange(lo, hi int, match func(int32) bool) int {
	n := 0
	for j := lo; j < hi; j++ {
		if match(d.at(j)) {
			n++
		}
	}
	return n
}

// split returns parts+1 increasing bounds from 0 to len, moved forward so
// that no two parts hold documents of the same 64-document bitset word.
func (d docList) split(parts int) []int {
	n := d.len()
	bounds := make([]int, 0, parts+1)
	bounds = append(bounds, 0)
	for p := 1; p < parts; p++ {
		b := max(p*n/parts, bounds[len(bounds)-1])
		for b > 0 && b < n && d.at(b)>>6 == d.at(b-1)>>6 {
			b++
		}
		bounds = append(bounds, b)
	}
	return append(bounds, n)
}
