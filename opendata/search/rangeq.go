package search

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// isDate reports whether field holds instants: a key of some document's
// Dates, CKAN's two metadata dates, or a name ending in _date (Solr's
// "*_date" dynamic field in CKAN's schema).
func (ix *Index) isDate(field string) bool {
	if _, ok := ix.dates[field]; ok {
		return true
	}
	return field == "metadata_modified" || field == "metadata_created" || strings.HasSuffix(field, "_date")
}

func (e *evaluator) evalRange(r *rangeNode) (bitset, error) {
	if _, text := e.ix.textMask(r.field); text {
		return nil, queryErrorf("range queries on the text field %q are not supported: use a string or date field", r.field)
	}
	if e.ix.isDate(r.field) {
		return e.dateRange(r)
	}
	out := newBitset(len(e.ix.docs))
	ff := e.ix.facets[r.field]
	if ff == nil {
		return out, nil
	}
	if ff.nums != nil {
		return e.numericRange(r, ff)
	}
	vals := ff.values
	i := 0
	if r.lo != "*" {
		i = sort.SearchStrings(vals, r.lo)
		if !r.loInc && i < len(vals) && vals[i] == r.lo {
			i++
		}
	}
	m := e.ix.exact[r.field]
	for ; i < len(vals); i++ {
		v := vals[i]
		if r.hi != "*" && (v > r.hi || (!r.hiInc && v == r.hi)) {
			break
		}
		out.fromList(m[v])
	}
	return out, nil
}

// dateRange matches instants between the ends, each parsed with date math
// relative to e.now.
func (e *evaluator) dateRange(r *rangeNode) (bitset, error) {
	var lo, hi time.Time
	var err error
	if r.lo != "*" {
		if lo, err = parseDate(r.lo, e.now); err != nil {
			return nil, err
		}
	}
	if r.hi != "*" {
		if hi, err = parseDate(r.hi, e.now); err != nil {
			return nil, err
		}
	}
	out := newBitset(len(e.ix.docs))
	col := e.ix.dates[r.field]
	if col == nil {
		return out, nil
	}
	min, max := int64(noDate+1), int64(math.MaxInt64)
	if r.lo != "*" {
		min = clampNano(lo, !r.loInc, 1)
	}
	if r.hi != "*" {
		max = clampNano(hi, !r.hiInc, -1)
	}
	for i, t := range col {
		if t != noDate && t >= min && t <= max {
			out.set(int32(i))
		}
	}
	return out, nil
}

// clampNano turns an end of a range into an inclusive bound in Unix
// nanoseconds, stepping one nanosecond inwards for an exclusive end and
// saturating for instants outside the representable years.
func clampNano(t time.Time, exclusive bool, step int64) int64 {
	switch {
	case t.Year() < 1678:
		return noDate + 1
	case t.Year() > 2261:
		return math.MaxInt64
	}
	n := t.UnixNano()
	if exclusive {
		n += step
	}
	return n
}

// numericRange matches a field whose values are all numbers by number.
func (e *evaluator) numericRange(r *rangeNode, ff *facetField) (bitset, error) {
	end := func(s string, open float64) (float64, error) {
		if s == "*" {
			return open, nil
		}
		n, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(n) {
			return 0, queryErrorf("invalid number %q in the range on %s", s, r.field)
		}
		return n, nil
	}
	lo, err := end(r.lo, math.Inf(-1))
	if err != nil {
		return nil, err
	}
	hi, err := end(r.hi, math.Inf(1))
	if err != nil {
		return nil, err
	}
	out := newBitset(len(e.ix.docs))
	m := e.ix.exact[r.field]
	for k, n := range ff.nums {
		if (n > lo || (r.loInc && n == lo) || r.lo == "*") && (n < hi || (r.hiInc && n == hi) || r.hi == "*") {
			out.fromList(m[ff.values[k]])
		}
	}
	return out, nil
}
