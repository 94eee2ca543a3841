package search

import (
	"strings"
	"time"
)

// Query is a package_search request as CKAN hands it to Solr.
type Query struct {
	// Q is CKAN's q. Empty, "" or '' means every document. Without a ':'
	// it runs as CKAN's dismax request (see parseDismax); with one, as a
	// Lucene query whose juxtaposed clauses are all required.
	Q string
	// FQ are CKAN's fq and fq_list entries; each is a Lucene query, and a
	// document must match all of them. They do not change the score.
	FQ []string
	// Sort is a comma-separated list of "field asc|desc". Empty means
	// "score desc, metadata_modified desc".
	Sort string
	// Start and Rows select the page. Rows 0 returns only the count and
	// facets.
	Start, Rows int
	// FacetFields are the exact fields to count. FacetLimit caps each
	// list (negative: no cap; 0: CKAN's default of 50); FacetMinCount
	// drops values counted fewer times (0 lists every indexed value).
	FacetFields   []string
	FacetLimit    int
	FacetMinCount int
}

// FacetCount is one value of a facet field and the number of matching
// documents that have it.
type FacetCount struct {
	Value string
	Count int
}

// Result is one page of a search.
type Result struct {
	// Count is the number of matching documents, whatever the page.
	Count int
	// IDs are the Doc.ID of the page's documents, in order.
	IDs []string
	// Facets has one list per requested facet field, by count
	// descending then value ascending; an unknown field has an empty list.
	Facets map[string][]FacetCount
}

// DefaultSort is what CKAN sorts by when a search gives no sort.
const DefaultSort = "score desc, metadata_modified desc"

// Search runs q against the index. now anchors NOW in date math. Errors
// are *QueryError.
func (ix *Index) Search(q Query, now time.Time) (Result, error) {
	if q.Start < 0 || q.Rows < 0 {
		return Result{}, queryErrorf("start and rows must not be negative")
	}
	keys, err := parseSort(q.Sort)
	if err != nil {
		return Result{}, err
	}
	e := &evaluator{ix: ix, now: now}
	set, err := e.main(q.Q)
	if err != nil {
		return Result{}, err
	}
	for _, fq := range q.FQ {
		if strings.TrimSpace(fq) == "" {
			continue
		}
		n, err := parseLucene(fq)
		if err != nil {
			return Result{}, err
		}
		fs, err := e.eval(n, false)
		if err != nil {
			return Result{}, err
		}
		if fs == nil {
			fs = newBitset(len(ix.docs))
		}
		set.and(fs)
	}
	var hits []int32
	set.each(func(i int32) { hits = append(hits, i) })
	res := Result{Count: len(hits), Facets: ix.countFacets(hits, q)}
	page := e.order(hits, keys, q.Start+q.Rows)
	if q.Start < len(page) {
		page = page[q.Start:min(len(page), q.Start+q.Rows)]
		res.IDs = make([]string, len(page))
		for i, d := range page {
			res.IDs[i] = ix.docs[d].id
		}
	}
	if res.IDs == nil {
		res.IDs = []string{}
	}
	return res, nil
}

// main evaluates CKAN's q with scoring.
func (e *evaluator) main(q string) (bitset, error) {
	q = strings.TrimSpace(q)
	if q == "" || q == `""` || q == "''" {
		return fullBitset(len(e.ix.docs)), nil
	}
	parse := parseDismax
	if strings.Contains(q, ":") {
		parse = parseLucene
	}
	n, err := parse(q)
	if err != nil {
		return nil, err
	}
	set, err := e.eval(n, true)
	if err != nil {
		return nil, err
	}
	if set == nil {
		set = newBitset(len(e.ix.docs))
	}
	return set, nil
}
