package search

import (
	"sort"
	"strings"
	"time"
)

// isDate reports whether field holds instants: a key of some document's
// Dates, CKAN's two metadata dates, or a name ending in _date (Solr's
// "*_date" dynamic field in CKAN's schema).
func (ix *Index) isDate(field string) bool {
	if _, ok := ix.dateKeys[field]; ok {
		return true
	}
	return field == "metadata_modified" || field == "metadata_created" || strings.HasSuffix(field, "_date")
}

func (e *evaluator) evalRange(r *rangeNode) (bitset, error) {
	if _, text := textMask(r.field); text {
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
	for i := range e.ix.docs {
		t, ok := e.ix.docs[i].dates[r.field]
		if !ok {
			continue
		}
		if r.lo != "*" && (t.Before(lo) || (!r.loInc && t.Equal(lo))) {
			continue
		}
		if r.hi != "*" && (t.After(hi) || (!r.hiInc && t.Equal(hi))) {
			continue
		}
		out.set(int32(i))
	}
	return out, nil
}
