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
	tf    []float32 // weighted term frequency per document, set for hits
	idf   float64
	boost float64
}

// score is the term's BM25 contribution for document i.
func (s *scorer) score(i int32) float64 {
	tf := float64(s.tf[i])
	return s.boost * s.idf * tf * (bm25K1 + 1) / (tf + bm25K1)
}

// textTerm is one free-text word, prefix or phrase to find: q is
// normalised (units separated by single spaces), mask lists the fields.
type textTerm struct {
	q      string
	mask   []int
	prefix bool
	boost  float64
}

// matchText finds t in the masked fields. Latin and digit units must
// match whole words (or start a word when prefix is set); Thai units
// match anywhere inside a Thai run, counting fully where they line up
// with the segmentation's word boundaries and looseWeight where they do
// not.
func (e *evaluator) matchText(t textTerm, scoring bool) bitset {
	if t.q == "" {
		return nil
	}
	cands, all := e.ix.candidates(t.q, t.prefix)
	return e.verify(t, scoring, cands, all, nil, nil)
}

// known is a set of documents already known to contain a term, with its
// weights there (nil when not scoring): the documents that contain a whole
// compound contain each of its parts.
type known struct {
	set bitset
	tf  []float32
}

// verify checks the candidates (every document when all), only those in
// within when it is not nil, taking those in k as matches unchecked, and
// records the term's scorer. Within a restriction the candidate count
// stands in for the document frequency.
func (e *evaluator) verify(t textTerm, scoring bool, cands []int32, all bool, within bitset, k *known) bitset {
	ix := e.ix
	out := newBitset(len(ix.docs))
	var tf []float32
	if scoring {
		tf = make([]float32, len(ix.docs))
	}
	n := ix.needle(t.q)
	check := func(i int32) bool {
		if within != nil && !within.has(i) {
			return false
		}
		var w float64
		if k != nil && k.set.has(i) {
			w = 1
			if k.tf != nil {
				w = float64(k.tf[i])
			}
		} else {
			w = e.weigh(i, t, n)
		}
		if w <= 0 {
			return false
		}
		out.set(i)
		if tf != nil {
			tf[i] = float32(w)
		}
		return true
	}
	docs := docList{list: cands}
	if all {
		docs = docList{all: len(ix.docs)}
	}
	df := docs.count(check)
	if within != nil {
		df = len(cands)
		if all {
			df = len(ix.docs)
		}
	}
	if scoring {
		idf := math.Log(1 + (float64(len(ix.docs))-float64(df)+0.5)/(float64(df)+0.5))
		e.scorers = append(e.scorers, &scorer{hits: out, tf: tf, idf: idf, boost: t.boost})
	}
	return out
}

// weigh is t's BM25F term weight in document i: each field's occurrences
// times its weight, normalised by the field's length; 0 if t is absent.
func (e *evaluator) weigh(i int32, t textTerm, n needle) float64 {
	d := &e.ix.docs[i]
	w := 0.0
	for _, f := range t.mask {
		aligned, loose := occurrences(&d.text[f], n, t.prefix)
		if aligned+loose == 0 {
			continue
		}
		norm := 1 - bm25B + bm25B*float64(d.text[f].tokens)/e.ix.avgLen[f]
		w += e.ix.weight[f] * (float64(aligned) + looseWeight*float64(loose)) / norm
	}
	return w
}

// occurrences counts where n's text occurs in t, split into occurrences
// on token boundaries and others.
func occurrences(t *text, n needle, prefix bool) (aligned, loose int) {
	s, q := t.s, n.q
	first, _ := utf8.DecodeRuneInString(q)
	last, _ := utf8.DecodeLastRuneInString(q)
	latinStart := !isThai(first)
	latinEnd := !isThai(last) && !prefix
	for from := 0; from < len(s); {
		start := n.index(s, from)
		if start < 0 {
			break
		}
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

// needle is a text to find, with the offset of its byte that is rarest in
// the index's texts. A search looks for that byte and compares the text
// only where it is: every Thai letter is three bytes starting 0xE0 0xB8
// or 0xE0 0xB9, so a search led by the first byte (as strings.Index is)
// stops at every letter, and one led by the first letter's last byte
// stops at every ร of ร้านอาหาร; its ห is several times rarer.
type needle struct {
	q   string
	off int
}

// needle returns q's needle for this index's texts.
func (ix *Index) needle(q string) needle {
	n := needle{q: q}
	for i := 1; i < len(q); i++ {
		if ix.bytes[q[i]] < ix.bytes[q[n.off]] {
			n.off = i
		}
	}
	return n
}

// countBytes adds s to the byte counts needle chooses by.
func (ix *Index) countBytes(s string) {
	for i := 0; i < len(s); i++ {
		ix.bytes[s[i]]++
	}
}

// index is strings.Index(s[from:], n.q) + from, or -1.
func (n needle) index(s string, from int) int {
	q := n.q
	if n.off == 0 {
		if k := strings.Index(s[from:], q); k >= 0 {
			return from + k
		}
		return -1
	}
	b := q[n.off]
	for from+len(q) <= len(s) {
		// the anchor of a match at p is s[p+off], p in [from, len(s)-len(q)]
		k := strings.IndexByte(s[from+n.off:len(s)-len(q)+n.off+1], b)
		if k < 0 {
			return -1
		}
		if pos := from + k; s[pos:pos+len(q)] == q {
			return pos
		}
		from += k + 1
	}
	return -1
}

func (t *text) isBound(off int) bool {
	i := sort.Search(len(t.bounds), func(i int) bool { return t.bounds[i] >= int32(off) })
	return i < len(t.bounds) && t.bounds[i] == int32(off)
}

// candidates returns the documents that can contain q, from the word,
// Thai-bigram and Thai-letter postings; all is true when q has no unit.
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
		if utf8.RuneCountInString(u) == 1 {
			r, _ := utf8.DecodeRuneInString(u)
			lists = append(lists, ix.chars[int(r-0x0e00)&0x7f])
			continue
		}
		eachGram(u, func(g int) { lists = append(lists, ix.grams[g]) })
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
