package search

import (
	"cmp"
	"slices"
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

// evalBool evaluates a group's clauses and combines them.
func (e *evaluator) evalBool(b *boolNode, scoring bool) (bitset, error) {
	var sets [3][]bitset // by occur
	for _, c := range b.clauses {
		set, err := e.eval(c.n, scoring && c.occ != mustNot)
		if err != nil {
			return nil, err
		}
		if set != nil {
			sets[c.occ] = append(sets[c.occ], set)
		}
	}
	n := len(e.ix.docs)
	musts, shoulds, nots := sets[must], sets[should], sets[mustNot]
	if len(musts)+len(shoulds)+len(nots) == 0 {
		if len(b.clauses) == 0 {
			return newBitset(n), nil
		}
		return nil, nil // every clause analysed to nothing
	}
	k := b.minShould
	if b.mm {
		k = minShouldMatch(len(shoulds))
	}
	return combine(musts, shoulds, nots, k, n), nil
}

// combine applies Lucene's boolean rules: every must, at least k (or, with
// no must, at least one) of the shoulds, and none of the nots.
func combine(musts, shoulds, nots []bitset, k, n int) bitset {
	var out bitset
	switch {
	case len(musts) > 0:
		out = musts[0].clone()
		for _, m := range musts[1:] {
			out.and(m)
		}
		if k > 0 {
			out.and(atLeast(shoulds, k, n))
		}
	case len(shoulds) > 0:
		out = atLeast(shoulds, max(1, k), n)
	default:
		out = fullBitset(n) // a purely negative group: everything but
	}
	for _, x := range nots {
		out.andNot(x)
	}
	return out
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

// textMask maps a free-text field name to the field numbers it covers.
func (ix *Index) textMask(field string) ([]int, bool) {
	switch field {
	case "", "text":
		return []int{fTitle, fNotes, fText}, true
	case "title":
		return []int{fTitle}, true
	case "notes":
		return []int{fNotes}, true
	}
	if f, ok := ix.named[field]; ok {
		return []int{f}, true
	}
	return nil, false
}

// evalTerm matches field:value by the field's kind: text, date or exact.
func (e *evaluator) evalTerm(t *termNode, scoring bool) (bitset, error) {
	boost := t.boost
	if boost == 0 {
		boost = 1
	}
	if mask, ok := e.ix.textMask(t.field); ok {
		if t.prefix && normQuery(t.value) == "" {
			return e.hasText(mask), nil
		}
		if t.phrase || t.prefix {
			return e.matchText(textTerm{q: normQuery(t.value), mask: mask, prefix: t.prefix, boost: boost}, scoring), nil
		}
		return e.matchWords(t.value, mask, boost, scoring), nil
	}
	if e.ix.isDate(t.field) {
		v := t.value
		if t.prefix && v == "" {
			v = "*" // metadata_modified:* means present
		}
		return e.evalRange(&rangeNode{field: t.field, lo: v, hi: v, loInc: true, hiInc: true})
	}
	return e.matchExact(t), nil
}

// matchWords matches an unquoted word. A word that analyses to several
// tokens (a Thai compound, "e-mail") needs all of them. The whole word as
// typed is looked for first: it adds to the score, and the documents that
// have it need no check for the parts, which are checked in the others
// rarest first, each only where the ones before matched.
func (e *evaluator) matchWords(value string, mask []int, boost float64, scoring bool) bitset {
	pieces := Tokens(value)
	switch len(pieces) {
	case 0:
		return nil
	case 1:
		return e.matchText(textTerm{q: pieces[0], mask: mask, boost: boost}, scoring)
	}
	whole := textTerm{q: normQuery(value), mask: mask, boost: boost}
	c, all := e.ix.candidates(whole.q, false)
	k := &known{set: e.verify(whole, scoring, c, all, nil, nil)}
	if scoring {
		k.tf = e.scorers[len(e.scorers)-1].tf
	}
	type piece struct {
		t     textTerm
		cands []int32
		all   bool
	}
	ps := make([]piece, len(pieces))
	for i, p := range pieces {
		c, all := e.ix.candidates(p, false)
		ps[i] = piece{t: textTerm{q: p, mask: mask, boost: boost}, cands: c, all: all}
	}
	size := func(p piece) int {
		if p.all {
			return len(e.ix.docs)
		}
		return len(p.cands)
	}
	slices.SortStableFunc(ps, func(a, b piece) int { return cmp.Compare(size(a), size(b)) })
	var out bitset
	for _, p := range ps {
		out = e.verify(p.t, scoring, p.cands, p.all, out, k)
	}
	return out
}

// hasText matches the documents with any word in the masked fields
// (title:*).
func (e *evaluator) hasText(mask []int) bitset {
	out := newBitset(len(e.ix.docs))
	for i := range e.ix.docs {
		for _, f := range mask {
			if e.ix.docs[i].text[f].tokens > 0 {
				out.set(int32(i))
				break
			}
		}
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
	ff := e.ix.facets[t.field]
	if ff.nums != nil { // sorted by number, so scan them all
		for _, v := range ff.values {
			if strings.HasPrefix(v, t.value) {
				out.fromList(m[v])
			}
		}
		return out
	}
	vals := ff.values
	for i := sort.SearchStrings(vals, t.value); i < len(vals) && strings.HasPrefix(vals[i], t.value); i++ {
		out.fromList(m[vals[i]])
	}
	return out
}
