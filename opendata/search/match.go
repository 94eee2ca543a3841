package search

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// BM25 parameters (Lucene's defaults) and the weight of a Thai match that
// does not fall on the dictionary's word boundaries (ยา inside พะเยา).
const (
	bm25K1      = 1.2
	bm25B       = 0.75
	looseWeight = 0.3
)

// scorer is one free-text term's matches and per-document term weight.
type scorer struct {
	hits  bitset
	tf    map[int32]float64
	idf   float64
	boost float64
}

// score is the term's BM25 contribution for document i.
func (s *scorer) score(i int32) float64 {
	tf := s.tf[i]
	return s.boost * s.idf * tf * (bm25K1 + 1) / (tf + bm25K1)
}

// matchText finds q (normalised: units separated by single spaces) in the
// masked fields. Latin and digit units must match whole words (or start a
// word when prefix is set); Thai units match anywhere inside a Thai run,
// counting fully where they line up with the segmentation's word
// boundaries and looseWeight where they do not.
func (e *evaluator) matchText(q string, mask []int, prefix bool, boost float64, scoring bool) bitset {
	ix := e.ix
	out := newBitset(len(ix.docs))
	if q == "" {
		return nil
	}
	var tf map[int32]float64
	if scoring {
		tf = map[int32]float64{}
	}
	check := func(i int32) {
		d := &ix.docs[i]
		w := 0.0
		for _, f := range mask {
			aligned, loose := occurrences(&d.text[f], q, prefix)
			if aligned+loose == 0 {
				continue
			}
			norm := 1 - bm25B + bm25B*float64(d.text[f].tokens)/ix.avgLen[f]
			w += fieldWeight[f] * (float64(aligned) + looseWeight*float64(loose)) / norm
		}
		if w > 0 {
			out.set(i)
			if tf != nil {
				tf[i] = w
			}
		}
	}
	if cands, all := ix.candidates(q, prefix); all {
		for i := range ix.docs {
			check(int32(i))
		}
	} else {
		for _, i := range cands {
			check(i)
		}
	}
	if scoring {
		df := float64(len(tf))
		idf := math.Log(1 + (float64(len(ix.docs))-df+0.5)/(df+0.5))
		e.scorers = append(e.scorers, &scorer{hits: out, tf: tf, idf: idf, boost: boost})
	}
	return out
}

// occurrences counts where q occurs in t, split into occurrences on token
// boundaries and others.
func occurrences(t *text, q string, prefix bool) (aligned, loose int) {
	s := t.s
	first, _ := utf8.DecodeRuneInString(q)
	last, _ := utf8.DecodeLastRuneInString(q)
	latinStart := !isThai(first)
	latinEnd := !isThai(last) && !prefix
	for from := 0; from < len(s); {
		k := strings.Index(s[from:], q)
		if k < 0 {
			break
		}
		start := from + k
		end := start + len(q)
		from = start + 1
		if latinStart && start > 0 && s[start-1] != ' ' {
			continue
		}
		if latinEnd && end < len(s) && s[end] != ' ' {
			continue
		}
		if t.isBound(start) && (prefix || t.isBound(end)) {
			aligned++
		} else {
			loose++
		}
	}
	return aligned, loose
}

func (t *text) isBound(off int) bool {
	i := sort.Search(len(t.bounds), func(i int) bool { return t.bounds[i] >= int32(off) })
	return i < len(t.bounds) && t.bounds[i] == int32(off)
}

// candidates returns the documents that can contain q, from the word and
// Thai-bigram postings; all is true when the postings cannot narrow it
// (a single Thai letter).
func (ix *Index) candidates(q string, prefix bool) (list []int32, all bool) {
	var lists [][]int32
	units := strings.Split(q, " ")
	for ui, u := range units {
		if !hasThai(u) {
			if prefix && ui == len(units)-1 {
				lists = append(lists, ix.prefixDocs(u))
			} else {
				lists = append(lists, ix.words[u])
			}
			continue
		}
		eachGram(u, func(g uint64) { lists = append(lists, ix.grams[g]) })
	}
	if len(lists) == 0 {
		return nil, true
	}
	return intersect(lists), false
}

// prefixDocs unions the postings of every word starting with p.
func (ix *Index) prefixDocs(p string) []int32 {
	set := newBitset(len(ix.docs))
	for i := sort.SearchStrings(ix.wordKey, p); i < len(ix.wordKey) && strings.HasPrefix(ix.wordKey[i], p); i++ {
		set.fromList(ix.words[ix.wordKey[i]])
	}
	var out []int32
	set.each(func(i int32) { out = append(out, i) })
	return out
}

// intersect intersects sorted lists, shortest first.
func intersect(lists [][]int32) []int32 {
	sort.Slice(lists, func(a, b int) bool { return len(lists[a]) < len(lists[b]) })
	out := append([]int32(nil), lists[0]...)
	for _, l := range lists[1:] {
		if len(out) == 0 {
			break
		}
		n, j := 0, 0
		for _, v := range out {
			for j < len(l) && l[j] < v {
				j++
			}
			if j < len(l) && l[j] == v {
				out[n] = v
				n++
			}
		}
		out = out[:n]
	}
	return out
}
