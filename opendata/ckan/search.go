package ckan

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/search"
)

// Search limits and defaults (CKAN's ckan.search.rows_max,
// search.facets.limit and ckan.search.default_package_sort).
const (
	defaultRows       = 10
	maxRows           = 1000
	defaultFacetLimit = 50
	defaultSort       = "score desc, metadata_modified desc"
)

// searchParams are the keys package_search accepts: Solr's parameters
// that CKAN lets through (VALID_SOLR_PARAMETERS) and the ones CKAN reads
// and removes itself. Any other key, except ext_*, is a Search Query Error.
var searchParams = map[string]bool{
	"q": true, "fl": true, "fq": true, "rows": true, "sort": true, "start": true, "wt": true, "qf": true,
	"bf": true, "boost": true, "facet": true, "facet.mincount": true, "facet.limit": true, "facet.field": true,
	"extras": true, "fq_list": true, "tie": true, "defType": true, "mm": true, "df": true,
	"include_private": true, "include_drafts": true, "include_deleted": true, "use_default_schema": true,
}

// searchRequest is a validated package_search data dict.
type searchRequest struct {
	query          search.Query
	fl             []string
	sortEcho       string
	includePrivate bool
	facets         bool
	noFacetValues  bool
}

// searchResult is package_search's result, keys in CKAN's order.
type searchResult struct {
	Count        int       `json:"count"`
	Facets       orderedKV `json:"facets"`
	Results      []any     `json:"results"`
	Sort         string    `json:"sort"`
	SearchFacets orderedKV `json:"search_facets"`
}

func (h *Handler) packageSearch(_ context.Context, s *snapshot, p params) (any, error) {
	return h.search(s, p)
}

// search runs package_search: the schema's validation first (409), then
// the parameter check and the query itself (Search Query Error, 400).
func (h *Handler) search(s *snapshot, p params) (*searchResult, error) {
	req, err := parseSearch(p)
	if err != nil {
		return nil, err
	}
	res, err := s.index.Search(req.query, h.now())
	var qe *search.QueryError
	if errors.As(err, &qe) {
		return nil, &httpapi.CKANQueryError{Message: qe.Message}
	}
	if err != nil {
		return nil, err
	}
	out := &searchResult{Count: res.Count, Results: make([]any, 0, len(res.IDs)), Sort: req.sortEcho,
		Facets: orderedKV{}, SearchFacets: orderedKV{}}
	for _, id := range res.IDs {
		e := s.byID[id]
		if e == nil {
			continue
		}
		out.Results = append(out.Results, pick(e, req.fl))
	}
	if req.noFacetValues {
		res.Facets = nil
	}
	if req.facets {
		out.Facets, out.SearchFacets = s.facets(req.query.FacetFields, res.Facets)
	}
	return out, nil
}

// parseSearch validates the data dict with CKAN's
// default_package_search_schema, then checks for unknown parameters.
func parseSearch(p params) (searchRequest, error) {
	errs := httpapi.CKANFieldErrors{}
	req := searchRequest{facets: true, includePrivate: p.boolean("include_private", false)}
	q := &req.query
	q.Q = p.str("q")
	if p.has("fl") {
		req.fl = fields(p.stringList("fl", false, errs))
	}
	q.Rows = defaultRows
	if n, ok := p.natural("rows", errs); ok {
		q.Rows = min(n, maxRows)
	}
	q.Start, _ = p.natural("start", errs)
	parseFacets(p, q, errs)
	var fqList []string
	if p.has("fq_list") {
		fqList = p.stringList("fq_list", false, errs)
	}
	if err := check(errs); err != nil {
		return req, err
	}
	if err := unknownParams(p); err != nil {
		return req, err
	}
	req.facets = strings.ToLower(p.str("facet")) != "false"
	// NOTE: search reads a facet limit of 0 as its default; Solr's
	// facet.limit=0 lists no values, so the counts are dropped after.
	req.noFacetValues = q.FacetLimit == 0
	q.Sort, req.sortEcho = p.str("sort"), p.str("sort")
	if q.Sort == "" || q.Sort == "rank" {
		q.Sort, req.sortEcho = defaultSort, defaultSort
	}
	q.FQ = append([]string{filterQuery(p.str("fq"), req.includePrivate)}, fqList...)
	return req, nil
}

// parseFacets reads facet.field, facet.limit and facet.mincount.
func parseFacets(p params, q *search.Query, errs httpapi.CKANFieldErrors) {
	q.FacetMinCount = 1
	if n, ok := p.natural("facet.mincount", errs); ok {
		q.FacetMinCount = n
	}
	q.FacetLimit = defaultFacetLimit
	if n, ok := p.integer("facet.limit", errs); ok {
		q.FacetLimit = n
	}
	if p.has("facet.field") {
		q.FacetFields = p.stringList("facet.field", true, errs)
	}
}

// filterQuery adds CKAN's visibility filters to the caller's fq, as
// package_search does: public packages unless include_private, active
// ones unless the fq names a state.
func filterQuery(fq string, includePrivate bool) string {
	if !includePrivate {
		fq = "+capacity:public " + fq
	}
	if !strings.Contains(fq, "+state") {
		fq += " +state:(active)"
	}
	return fq
}

func unknownParams(p params) error {
	var bad []string
	for k := range p {
		if !searchParams[k] && !strings.HasPrefix(k, "ext_") {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	return &httpapi.CKANQueryError{Message: "Invalid search parameters: " + httpapi.PythonListRepr(bad)}
}

// fields splits CKAN's fl, which Solr reads separated by spaces or commas.
func fields(fl []string) []string {
	var out []string
	for _, f := range fl {
		out = append(out, strings.FieldsFunc(f, func(r rune) bool { return r == ' ' || r == ',' })...)
	}
	return out
}

// pick returns the package dict, or only the fl fields of it.
func pick(e *entry, fl []string) any {
	if len(fl) == 0 {
		return e.raw
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(e.raw, &all); err != nil {
		return e.raw
	}
	out := orderedKV{}
	for _, f := range fl {
		if v, ok := all[f]; ok {
			out = append(out, kv{f, v})
		}
	}
	return out
}

// facets renders the index's counts as CKAN's facets and search_facets.
func (s *snapshot) facets(order []string, counts map[string][]search.FacetCount) (orderedKV, orderedKV) {
	facets, searchFacets := orderedKV{}, orderedKV{}
	for _, field := range order {
		values := orderedKV{}
		items := make([]facetItem, 0, len(counts[field]))
		for _, c := range counts[field] {
			values = append(values, kv{c.Value, c.Count})
			items = append(items, facetItem{Name: c.Value, DisplayName: s.displayName(field, c.Value), Count: c.Count})
		}
		slices.SortStableFunc(items, func(a, b facetItem) int { return strings.Compare(b.DisplayName, a.DisplayName) })
		facets = append(facets, kv{field, values})
		searchFacets = append(searchFacets, kv{field, map[string]any{"title": field, "items": items}})
	}
	return facets, searchFacets
}

type facetItem struct {
	Count       int    `json:"count"`
	DisplayName string `json:"display_name"`
	Name        string `json:"name"`
}

// displayName is CKAN's facet display name: the title of a group or
// organisation, the title of a licence, else the value.
func (s *snapshot) displayName(field, value string) string {
	var title string
	switch field {
	case "organization":
		if g := s.orgs.byKey[value]; g != nil {
			title = g.title
		}
	case "groups":
		if g := s.groups.byKey[value]; g != nil {
			title = g.title
		}
	case "license_id":
		if l := opendata.LicenseFor(value); l.ID == value {
			title = l.Title
		}
	}
	if strings.TrimSpace(title) == "" {
		return value
	}
	return title
}

// kv and orderedKV encode a JSON object whose keys keep their order.
type kv struct {
	key   string
	value any
}

type orderedKV []kv

// MarshalJSON implements json.Marshaler.
func (o orderedKV) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, x := range o {
		if i > 0 {
			b = append(b, ',')
		}
		k, err := json.Marshal(x.key)
		if err != nil {
			return nil, err
		}
		v, err := encode(x.value)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}'), nil
}

func itoa(n int) string { return strconv.Itoa(n) }
