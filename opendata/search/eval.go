package search

import (
	"sort"
	"strings"
	"time"
)

// evaluator runs one parsed query against an index and collects the free
// text terms that score.
type evaluator struct {
	ix      *Index
	now     time.Time
	scorers []*scorer
}

// eval returns the documents n matches, or nil when n analyses to
// nothing (a word of punctuation only) and so drops out of its group, as
// Lucene drops a clause that analyses to no terms.
func (e *evaluator) eval(n node, scoring bool) (bitset, error) {
	switch n := n.(type) {
	case allNode:
		return fullBitset(len(e.ix.docs)), nil
	case *boolNode:
		return e.evalBool(n, scoring)
	case *termNode:
		return e.evalTerm(n, scoring)
	case *rangeNode:
		return e.evalRange(n)
	}
	return nil, queryErrorf("cannot run query: unknown clause %T", n)
}

func (e *evaluator) evalBool(b *boolNode, scoring bool) (bitset, error) {
	var musts, shoulds, nots []bitset
	for _, c := range b.clauses {
		set, err := e.eval(c.n, scoring && c.occ != mustNot)
		if err != nil {
			return nil, err
		}
		if set == nil {
			continue
		}
		switch c.occ {
		case must:
			musts = append(musts, set)
		case should:
			shoulds = append(shoulds, set)
		default:
			nots = append(nots, set)
		}
	}
	n := len(e.ix.docs)
	if len(musts)+len(shoulds)+len(nots) == 0 {
		if len(b.clauses) == 0 {
			return newBitset(n), nil
		}
		return nil, nil
	}
	var out bitset
	switch {
	case len(musts) > 0:
		out = musts[0].clone()
		for _, m := range musts[1:] {
			out.and(m)
		}
		if b.minShould > 0 {
			out.and(atLeast(shoulds, b.minShould, n))
		}
	case len(shoulds) > 0:
		out = atLeast(shoulds, max(1, b.minShould), n)
	default:
		out = fullBitset(n) // a purely negative group: everything but
	}
	for _, x := range nots {
		out.andNot(x)
	}
	return out, nil
}

// atLeast returns the documents in at least k of sets.
func atLeast(sets []bitset, k, n int) bitset {
	if k > len(sets) {
		return newBitset(n)
	}
	if k <= 1 {
		out := newBitset(n)
		for _, s := range sets {
			out.or(s)
		}
		return out
	}
	counts := make([]uint8, n)
	for _, s := range sets {
		s.each(func(i int32) {
			if counts[i] < 255 {
				counts[i]++
			}
		})
	}
	out := newBitset(n)
	for i, c := range counts {
		if int(c) >= k {
			out.set(int32(i))
		}
	}
	return out
}

// textMask maps a free-text field name to the document fields it covers.
func textMask(field string) ([]int, bool) {
	switch field {
	case "", "text":
		return []int{fTitle, fNotes, fText}, true
	case "title":
		return []int{fTitle}, true
	case "notes":
		return []int{fNotes}, true
	}
	return nil, false
}

func (e *evaluator) evalTerm(t *termNode, scoring bool) (bitset, error) {
	boost := t.boost
	if boost == 0 {
		boost = 1
	}
	if mask, ok := textMask(t.field); ok {
		if t.phrase || t.prefix {
			return e.matchText(normQuery(t.value), mask, t.prefix, boost, scoring), nil
		}
		return e.matchWords(t.value, mask, boost, scoring), nil
	}
	if e.ix.isDate(t.field) {
		return e.evalRange(&rangeNode{field: t.field, lo: t.value, hi: t.value, loInc: true, hiInc: true})
	}
	return e.matchExact(t), nil
}

// matchWords matches an unquoted word. A word that analyses to several
// tokens (a Thai compound, "e-mail") needs all of them, and the whole
// word as it was typed adds to the score.
func (e *evaluator) matchWords(value string, mask []int, boost float64, scoring bool) bitset {
	pieces := Tokens(value)
	switch len(pieces) {
	case 0:
		return nil
	case 1:
		return e.matchText(pieces[0], mask, false, boost, scoring)
	}
	var out bitset
	for _, p := range pieces {
		set := e.matchText(p, mask, false, boost, scoring)
		if out == nil {
			out = set
		} else {
			out.and(set)
		}
	}
	if scoring {
		e.matchText(normQuery(value), mask, false, boost, true)
	}
	return out
}

// matchExact matches a string field: exact value, prefix or any value.
func (e *evaluator) matchExact(t *termNode) bitset {
	out := newBitset(len(e.ix.docs))
	m := e.ix.exact[t.field]
	if m == nil {
		return out // Solr's catch-all "*" dynamic field: nothing indexed
	}
	if !t.prefix {
		return out.fromList(m[t.value])
	}
	vals := e.ix.facets[t.field].values
	for i := sort.SearchStrings(vals, t.value); i < len(vals) && strings.HasPrefix(vals[i], t.value); i++ {
		out.fromList(m[vals[i]])
	}
	return out
}
