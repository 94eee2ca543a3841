package search

import (
	"container/heap"
	"math"
	"slices"
	"strings"
)

// sortKey is one "field asc|desc" of a sort parameter.
type sortKey struct {
	field string
	desc  bool
}

// parseSort reads Solr's sort syntax; empty means DefaultSort.
func parseSort(s string) ([]sortKey, error) {
	if strings.TrimSpace(s) == "" {
		s = DefaultSort
	}
	var keys []sortKey
	for _, part := range strings.Split(s, ",") {
		f := strings.Fields(part)
		if len(f) != 2 {
			return nil, queryErrorf("can't determine a sort order (asc or desc) in sort spec %q", strings.TrimSpace(part))
		}
		var desc bool
		switch strings.ToLower(f[1]) {
		case "asc":
		case "desc":
			desc = true
		default:
			return nil, queryErrorf("can't determine a sort order (asc or desc) in sort spec %q", strings.TrimSpace(part))
		}
		keys = append(keys, sortKey{field: f[0], desc: desc})
	}
	return keys, nil
}

// missing sorts after every present value in either direction, as CKAN's
// schema declares sortMissingLast.
const missing = math.MaxUint64

// ordered maps a signed value to an unsigned one that sorts the same way
// ascending, or the opposite way when desc.
func ordered(v int64, desc bool) uint64 {
	u := uint64(v) ^ (1 << 63)
	if desc {
		return ^u
	}
	return u
}

// sortColumn returns, for each hit, its value of one key encoded so that
// smaller sorts first.
func (e *evaluator) sortColumn(k sortKey, hits []int32) []uint64 {
	ix := e.ix
	col := make([]uint64, len(hits))
	switch {
	case k.field == "score":
		sc := e.scores(hits)
		for j := range hits {
			// non-negative floats order as their bit patterns do
			col[j] = ordered(int64(math.Float64bits(sc[j])), k.desc)
		}
	case ix.isDate(k.field):
		vals := ix.dates[k.field]
		for j, i := range hits {
			col[j] = missing
			if vals != nil && vals[i] != noDate {
				col[j] = ordered(vals[i], k.desc)
			}
		}
	default:
		ranks := ix.ranks[k.field]
		for j, i := range hits {
			col[j] = missing
			if ranks != nil && ranks[i] >= 0 {
				col[j] = ordered(int64(ranks[i]), k.desc)
			}
		}
	}
	return col
}

// order returns hits sorted by keys, then by id ascending so that equal
// keys come out the same on every replica. Only the first limit are
// returned, found with a bounded heap when that is much less than all.
func (e *evaluator) order(hits []int32, keys []sortKey, limit int) []int32 {
	cols := make([][]uint64, 0, len(keys)+1)
	for _, k := range keys {
		cols = append(cols, e.sortColumn(k, hits))
	}
	cols = append(cols, e.sortColumn(sortKey{field: "id"}, hits))
	less := func(a, b int) bool {
		for _, c := range cols {
			if c[a] != c[b] {
				return c[a] < c[b]
			}
		}
		return hits[a] < hits[b]
	}
	limit = min(limit, len(hits))
	var pos []int
	if limit*4 < len(hits) {
		pos = topK(len(hits), limit, less)
	} else {
		pos = make([]int, len(hits))
		for j := range pos {
			pos[j] = j
		}
		slices.SortFunc(pos, func(a, b int) int {
			if less(a, b) {
				return -1
			}
			if less(b, a) {
				return 1
			}
			return 0
		})
		pos = pos[:limit]
	}
	out := make([]int32, len(pos))
	for j, p := range pos {
		out[j] = hits[p]
	}
	return out
}

// topK returns the k smallest of 0..n-1 under less, in order.
func topK(n, k int, less func(a, b int) bool) []int {
	if k == 0 {
		return nil
	}
	h := &maxHeap{less: less}
	for j := range n {
		if len(h.items) < k {
			heap.Push(h, j)
		} else if less(j, h.items[0]) {
			h.items[0] = j
			heap.Fix(h, 0)
		}
	}
	out := make([]int, len(h.items))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(int)
	}
	return out
}

// maxHeap keeps the worst of the best k on top.
type maxHeap struct {
	items []int
	less  func(a, b int) bool
}

func (h *maxHeap) Len() int           { return len(h.items) }
func (h *maxHeap) Less(i, j int) bool { return h.less(h.items[j], h.items[i]) }
func (h *maxHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *maxHeap) Push(x any)         { h.items = append(h.items, x.(int)) }
func (h *maxHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

// scores sums every scoring term's BM25 for each hit.
func (e *evaluator) scores(hits []int32) []float64 {
	out := make([]float64, len(hits))
	for _, sc := range e.scorers {
		for j, i := range hits {
			if sc.hits.has(i) {
				out[j] += sc.score(i)
			}
		}
	}
	return out
}
