package search

import (
	"cmp"
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
		if _, text := textMask(f[0]); text {
			return nil, queryErrorf("cannot sort on the text field %q: sort on title_string, name or a date", f[0])
		}
		keys = append(keys, sortKey{field: f[0], desc: desc})
	}
	return keys, nil
}

// order sorts hits by keys, then by ID ascending so that equal keys come
// out the same on every replica. Only the first limit need be in order.
func (e *evaluator) order(hits []int32, keys []sortKey, limit int) []int32 {
	ix := e.ix
	var scores map[int32]float64
	cmps := make([]func(a, b int32) int, 0, len(keys)+1)
	for _, k := range keys {
		var c func(a, b int32) int
		switch {
		case k.field == "score":
			if scores == nil {
				scores = e.scores(hits)
			}
			c = func(a, b int32) int { return cmp.Compare(scores[a], scores[b]) }
		case ix.isDate(k.field):
			f := k.field
			c = missingLast(k.desc, func(i int32) bool { _, ok := ix.docs[i].dates[f]; return ok },
				func(a, b int32) int { return ix.docs[a].dates[f].Compare(ix.docs[b].dates[f]) })
		default:
			get := ix.stringKey(k.field)
			c = missingLast(k.desc, func(i int32) bool { _, ok := get(i); return ok },
				func(a, b int32) int { x, _ := get(a); y, _ := get(b); return strings.Compare(x, y) })
		}
		if k.desc && k.field == "score" {
			inner := c
			c = func(a, b int32) int { return -inner(a, b) }
		}
		cmps = append(cmps, c)
	}
	out := slices.Clone(hits)
	slices.SortFunc(out, func(a, b int32) int {
		for _, c := range cmps {
			if r := c(a, b); r != 0 {
				return r
			}
		}
		return strings.Compare(ix.docs[a].id, ix.docs[b].id)
	})
	return out
}

// missingLast orders by c (reversed when desc) with documents lacking the
// field after all others in either direction, as CKAN's schema declares
// sortMissingLast.
func missingLast(desc bool, has func(int32) bool, c func(a, b int32) int) func(a, b int32) int {
	return func(a, b int32) int {
		ha, hb := has(a), has(b)
		switch {
		case ha && !hb:
			return -1
		case !ha && hb:
			return 1
		case !ha:
			return 0
		}
		if desc {
			return -c(a, b)
		}
		return c(a, b)
	}
}

// stringKey returns the sort value of a string field: id, name,
// title_string (the raw title) or the smallest value of an exact field.
func (ix *Index) stringKey(field string) func(int32) (string, bool) {
	switch field {
	case "id":
		return func(i int32) (string, bool) { return ix.docs[i].id, true }
	case "name":
		return func(i int32) (string, bool) { return ix.docs[i].name, true }
	case "title_string":
		return func(i int32) (string, bool) { return ix.docs[i].title, true }
	}
	ff := ix.facets[field]
	return func(i int32) (string, bool) {
		if ff == nil || len(ff.perDoc[i]) == 0 {
			return "", false
		}
		return ff.values[slices.Min(ff.perDoc[i])], true
	}
}

// scores sums every scoring term's BM25 for each hit.
func (e *evaluator) scores(hits []int32) map[int32]float64 {
	out := make(map[int32]float64, len(hits))
	for _, i := range hits {
		s := 0.0
		for _, sc := range e.scorers {
			if sc.hits.has(i) {
				s += sc.score(i)
			}
		}
		out[i] = s
	}
	return out
}
