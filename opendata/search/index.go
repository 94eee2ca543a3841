package search

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strconv"
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
	// weighted like Notes, together with the words of Name: tags,
	// group and organisation titles, resource names and descriptions, as
	// CKAN's "text" catch-all field holds.
	Text []string
	// TextFields are named free-text fields that field:word searches
	// analysed, as CKAN's schema types res_name, res_description, author,
	// maintainer and extras_* as text. Unfielded words do not search them;
	// put their values in Text too for that, as CKAN's copyField does.
	TextFields map[string][]string
	// Fields are exact-match string fields, also facetable
	// (organization, tags, res_format, license_id, ...). Matching is
	// case-sensitive, as Solr's string fields are.
	Fields map[string][]string
	// Dates are instants for range queries and sorting
	// (metadata_modified, metadata_created).
	Dates map[string]time.Time
}

// The built-in free-text fields of a document, first in doc.text; the
// named TextFields follow them.
const (
	fTitle = iota
	fNotes
	fText
	nText
)

// builtinWeight is each built-in text field's weight in BM25F: CKAN's qf
// gives name and title ^4 against the catch-all text. Named text fields
// weigh 1.
var builtinWeight = [nText]float64{fTitle: 4, fNotes: 1, fText: 1}

// noDate marks a document without a value for a date field.
const noDate = math.MinInt64

// doc is a Doc analysed for matching.
type doc struct {
	id   string
	text []text // by field number: the built-in fields, then ix.named
}

// Index is an immutable snapshot of documents, safe for concurrent Search.
type Index struct {
	docs    []doc
	named   map[string]int     // TextFields name -> field number
	weight  []float64          // per field number
	avgLen  []float64          // per field number: mean tokens
	words   map[string][]int32 // Latin/digit token -> sorted doc numbers
	wordKey []string           // sorted keys of words, for prefix queries
	grams   [][]int32          // Thai rune pair (see eachGram) -> sorted doc numbers
	chars   [][]int32          // Thai rune - U+0E00 -> sorted doc numbers
	exact   map[string]map[string][]int32
	facets  map[string]*facetField
	dates   map[string][]int64 // date field -> per doc Unix nanoseconds or noDate
	ranks   map[string][]int32 // string sort key -> per doc rank, -1 when absent
	bytes   [256]int64         // how often each byte occurs in the analysed texts (see needle)
}

// facetField interns one exact field's values for fast counting.
type facetField struct {
	values []string  // sorted: by number when every value is one, else as strings
	nums   []float64 // the values as numbers, or nil when some value is not a number
	perDoc [][]int32 // doc -> indexes into values
}

// NewIndex analyses docs and builds the index. It keeps no reference to
// docs.
func NewIndex(docs []Doc) *Index {
	ix := &Index{
		docs:   make([]doc, len(docs)),
		named:  map[string]int{},
		words:  map[string][]int32{},
		grams:  make([][]int32, 1<<14),
		chars:  make([][]int32, 1<<7),
		exact:  map[string]map[string][]int32{},
		facets: map[string]*facetField{},
		dates:  map[string][]int64{},
		ranks:  map[string][]int32{},
	}
	ix.numberFields(docs)
	total := make([]int, len(ix.weight))
	for i, d := range docs {
		nd := &ix.docs[i]
		nd.id = d.ID
		nd.text = make([]text, len(ix.weight))
		nd.text[fTitle] = analyse(d.Title)
		nd.text[fNotes] = analyse(d.Notes)
		nd.text[fText] = analyse(append([]string{d.Name}, d.Text...)...)
		for name, vals := range d.TextFields {
			nd.text[ix.named[name]] = analyse(vals...)
		}
		for f := range nd.text {
			total[f] += nd.text[f].tokens
			ix.countBytes(nd.text[f].s)
		}
		ix.post(int32(i), nd, &d)
		ix.addDates(i, d.Dates)
	}
	ix.avgLen = make([]float64, len(total))
	for f, n := range total {
		ix.avgLen[f] = max(1, float64(n)/float64(max(1, len(docs))))
	}
	ix.wordKey = make([]string, 0, len(ix.words))
	for w := range ix.words {
		ix.wordKey = append(ix.wordKey, w)
	}
	sort.Strings(ix.wordKey)
	ix.buildFacets()
	ix.buildRanks(docs)
	return ix
}

// numberFields gives every named text field a field number after the
// built-in ones, in name order.
func (ix *Index) numberFields(docs []Doc) {
	var names []string
	for _, d := range docs {
		for name := range d.TextFields {
			if _, ok := ix.named[name]; !ok {
				ix.named[name] = 0
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	ix.weight = slices.Clone(builtinWeight[:])
	for k, name := range names {
		ix.named[name] = nText + k
		ix.weight = append(ix.weight, 1)
	}
}

// post adds doc i to the postings. Docs arrive in increasing order, so a
// list only needs a check of its last element to stay unique.
func (ix *Index) post(i int32, d *doc, src *Doc) {
	add := func(list []int32) []int32 {
		if n := len(list); n > 0 && list[n-1] == i {
			return list
		}
		return append(list, i)
	}
	for f := range d.text {
		eachUnit(d.text[f].s, func(u string, thai bool) {
			if u == valueGap {
				return
			}
			if !thai {
				ix.words[u] = add(ix.words[u])
				return
			}
			eachGram(u, func(g int) { ix.grams[g] = add(ix.grams[g]) })
			for _, r := range u {
				c := int(r-0x0e00) & 0x7f
				ix.chars[c] = add(ix.chars[c])
			}
		})
	}
	addExact := func(name, v string) {
		m := ix.exact[name]
		if m == nil {
			m = map[string][]int32{}
			ix.exact[name] = m
		}
		m[v] = add(m[v])
	}
	addExact("id", src.ID)
	addExact("name", src.Name)
	for name, vals := range src.Fields {
		for _, v := range vals {
			addExact(name, v)
		}
	}
}

func (ix *Index) addDates(i int, dates map[string]time.Time) {
	for k, t := range dates {
		col := ix.dates[k]
		if col == nil {
			col = make([]int64, len(ix.docs))
			for j := range col {
				col[j] = noDate
			}
			ix.dates[k] = col
		}
		col[i] = clampNano(t, false, 0)
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
		if numericFields[name] {
			ff.sortNumeric()
		}
		for vi, v := range ff.values {
			for _, d := range m[v] {
				ff.perDoc[d] = append(ff.perDoc[d], int32(vi))
			}
		}
		ix.facets[name] = ff
	}
}

// numericFields are the integer fields of CKAN's Solr schema. Every other
// field, num_resources and num_tags included, falls to the schema's
// catch-all string field and so ranges and sorts as a string.
var numericFields = map[string]bool{
	"views_total": true, "views_recent": true,
	"resources_accessed_total": true, "resources_accessed_recent": true,
}

// sortNumeric orders the values by number when all of them are numbers,
// as Solr's numeric fields sort and range.
func (ff *facetField) sortNumeric() {
	nums := make([]float64, len(ff.values))
	for i, v := range ff.values {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(n) {
			return
		}
		nums[i] = n
	}
	idx := make([]int, len(nums))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(nums[a], nums[b]) })
	vals := make([]string, len(idx))
	ff.nums = make([]float64, len(idx))
	for k, i := range idx {
		vals[k], ff.nums[k] = ff.values[i], nums[i]
	}
	ff.values = vals
}

// buildRanks precomputes the sort order of every string key: an exact
// field sorts by its smallest value, title_string by the raw title.
func (ix *Index) buildRanks(docs []Doc) {
	for name, ff := range ix.facets {
		r := make([]int32, len(ix.docs))
		for i, vs := range ff.perDoc {
			r[i] = -1
			if len(vs) > 0 {
				r[i] = slices.Min(vs)
			}
		}
		ix.ranks[name] = r
	}
	order := make([]int32, len(docs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(docs[a].Title, docs[b].Title) })
	r := make([]int32, len(docs))
	rank := int32(0)
	for k, i := range order {
		if k > 0 && docs[i].Title != docs[order[k-1]].Title {
			rank = int32(k)
		}
		r[i] = rank
	}
	ix.ranks["title_string"] = r
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

// eachGram calls fn for each pair of adjacent runes in a Thai unit, as
// a 14-bit key: Thai units hold only runes of the Thai block, U+0E00 to
// U+0E7F.
func eachGram(u string, fn func(int)) {
	prev := -1
	for _, r := range u {
		c := int(r-0x0e00) & 0x7f
		if prev >= 0 {
			fn(prev<<7 | c)
		}
		prev = c
	}
}

// Len returns the number of documents in the index.
func (ix *Index) Len() int { return len(ix.docs) }
