package search

import (
	"sort"
	"strings"
	"time"
)

// Doc is one dataset as the index sees it.
type Doc struct {
	// ID and Name are exact-match fields (id:..., name:...) and sort keys.
	ID, Name string
	// Title and Notes are free text, ranked; the title weighs more.
	Title, Notes string
	// Text is more free text searched by unfielded words and text:...,
	// weighted like Notes, together with the words of Name: tags, group and organisation titles, resource
	// names and descriptions, as CKAN's "text" catch-all field holds.
	Text []string
	// Fields are exact-match string fields, also facetable
	// (organization, tags, res_format, license_id, ...). Matching is
	// case-sensitive, as Solr's string fields are.
	Fields map[string][]string
	// Dates are instants for range queries and sorting
	// (metadata_modified, metadata_created).
	Dates map[string]time.Time
}

// Free-text fields of a document, in the order of doc.text.
const (
	fTitle = iota
	fNotes
	fText
	nText
)

// fieldWeight is each text field's weight in BM25F: CKAN's qf gives
// name and title ^4 against the catch-all text.
var fieldWeight = [nText]float64{fTitle: 4, fNotes: 1, fText: 1}

// doc is a Doc analysed for matching.
type doc struct {
	id, name, title string
	text            [nText]text
	fields          map[string][]string
	dates           map[string]time.Time
}

// Index is an immutable snapshot of documents, safe for concurrent Search.
type Index struct {
	docs     []doc
	avgLen   [nText]float64
	words    map[string][]int32 // Latin/digit token -> sorted doc numbers
	wordKey  []string           // sorted keys of words, for prefix queries
	grams    map[uint64][]int32 // Thai rune pair -> sorted doc numbers
	exact    map[string]map[string][]int32
	facets   map[string]*facetField
	dateKeys map[string]struct{}
}

// facetField interns one exact field's values for fast counting.
type facetField struct {
	values []string  // sorted
	perDoc [][]int32 // doc -> indexes into values
}

// NewIndex analyses docs and builds the index.
func NewIndex(docs []Doc) *Index {
	ix := &Index{
		docs:     make([]doc, len(docs)),
		words:    map[string][]int32{},
		grams:    map[uint64][]int32{},
		exact:    map[string]map[string][]int32{},
		facets:   map[string]*facetField{},
		dateKeys: map[string]struct{}{},
	}
	var total [nText]int
	for i, d := range docs {
		nd := doc{id: d.ID, name: d.Name, title: d.Title, fields: d.Fields, dates: d.Dates}
		nd.text[fTitle] = analyse(d.Title)
		nd.text[fNotes] = analyse(d.Notes)
		nd.text[fText] = analyse(d.Name + " \n " + strings.Join(d.Text, " \n "))
		for f := range nText {
			total[f] += nd.text[f].tokens
		}
		ix.docs[i] = nd
		for k := range d.Dates {
			ix.dateKeys[k] = struct{}{}
		}
		ix.post(int32(i), &nd)
	}
	for f := range nText {
		if len(docs) > 0 {
			ix.avgLen[f] = float64(total[f]) / float64(len(docs))
		}
		if ix.avgLen[f] == 0 {
			ix.avgLen[f] = 1
		}
	}
	ix.wordKey = make([]string, 0, len(ix.words))
	for w := range ix.words {
		ix.wordKey = append(ix.wordKey, w)
	}
	sort.Strings(ix.wordKey)
	ix.buildFacets()
	return ix
}

// post adds doc i to the postings. Docs arrive in increasing order, so a
// list only needs a check of its last element to stay unique.
func (ix *Index) post(i int32, d *doc) {
	add := func(list []int32) []int32 {
		if n := len(list); n > 0 && list[n-1] == i {
			return list
		}
		return append(list, i)
	}
	for f := range nText {
		eachUnit(d.text[f].s, func(u string, thai bool) {
			if !thai {
				ix.words[u] = add(ix.words[u])
				return
			}
			eachGram(u, func(g uint64) { ix.grams[g] = add(ix.grams[g]) })
		})
	}
	ix.exact["id"] = appendExact(ix.exact["id"], d.id, i)
	ix.exact["name"] = appendExact(ix.exact["name"], d.name, i)
	for name, vals := range d.fields {
		m := ix.exact[name]
		if m == nil {
			m = map[string][]int32{}
			ix.exact[name] = m
		}
		for _, v := range vals {
			m[v] = add(m[v])
		}
	}
}

// buildFacets interns every exact field's values.
func (ix *Index) buildFacets() {
	for name, m := range ix.exact {
		ff := &facetField{perDoc: make([][]int32, len(ix.docs))}
		for v := range m {
			ff.values = append(ff.values, v)
		}
		sort.Strings(ff.values)
		for vi, v := range ff.values {
			for _, d := range m[v] {
				ff.perDoc[d] = append(ff.perDoc[d], int32(vi))
			}
		}
		ix.facets[name] = ff
	}
}

// eachUnit calls fn for each space-separated unit of a normalised string.
func eachUnit(s string, fn func(u string, thai bool)) {
	for s != "" {
		i := strings.IndexByte(s, ' ')
		u := s
		if i >= 0 {
			u, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if u != "" {
			fn(u, hasThai(u))
		}
	}
}

// eachGram calls fn for each pair of adjacent runes in a Thai unit.
func eachGram(u string, fn func(uint64)) {
	var prev rune = -1
	for _, r := range u {
		if prev >= 0 {
			fn(uint64(prev)<<32 | uint64(r))
		}
		prev = r
	}
}

// Len returns the number of documents in the index.
func (ix *Index) Len() int { return len(ix.docs) }

func appendExact(m map[string][]int32, v string, i int32) map[string][]int32 {
	if m == nil {
		m = map[string][]int32{}
	}
	m[v] = append(m[v], i)
	return m
}
