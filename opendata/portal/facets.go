package portal

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gdx-exchange/gdx/opendata/search"
)

// facetFields are the dataset list's facets, in the order shown: each is
// a field of the search index and the query parameter that filters it.
var facetFields = []string{"organization", "classification", "res_format", "tags", "data_category"}

// facetValuesShown caps each facet's list on the page.
const facetValuesShown = 12

// filters are the facet values chosen in a dataset list's query; every
// one must match (CKAN's facets combine with AND).
type filters map[string][]string

func filtersOf(q url.Values) filters {
	f := filters{}
	for _, field := range facetFields {
		for _, v := range q[field] {
			if v = strings.TrimSpace(v); v != "" && len(v) <= maxFilterValue {
				f[field] = append(f[field], v)
			}
		}
	}
	return f
}

const maxFilterValue = 200

// fq writes the filters as a Lucene query of exact matches.
func (f filters) fq() string {
	var parts []string
	for _, field := range facetFields {
		for _, v := range f[field] {
			parts = append(parts, "+"+field+":"+quoteTerm(v))
		}
	}
	return strings.Join(parts, " ")
}

func (f filters) has(field, value string) bool {
	for _, v := range f[field] {
		if v == value {
			return true
		}
	}
	return false
}

// quoteTerm quotes a value for the query parser, escaping its quotes and
// backslashes, so a facet value is matched as it stands.
func quoteTerm(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// listURL is the dataset list's address for the query q with the page
// set (1 drops it).
func listURL(base string, q url.Values, page int) string {
	v := url.Values{}
	for k, vs := range q {
		if k != "page" && k != "lang" {
			v[k] = vs
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return base
	}
	return base + "?" + v.Encode()
}

// toggled returns q with value added to field, or removed if chosen, and
// the page reset.
func toggled(q url.Values, field, value string) url.Values {
	v := url.Values{}
	for k, vs := range q {
		v[k] = append([]string(nil), vs...)
	}
	cur := v[field]
	for i, x := range cur {
		if x == value {
			v[field] = append(cur[:i], cur[i+1:]...)
			return v
		}
	}
	v[field] = append(cur, value)
	return v
}

// facetView is one facet as the page lists it.
type facetView struct {
	Field string
	Items []facetItem
}

type facetItem struct {
	Label    string
	Count    int
	URL      string
	Selected bool
}

// facetViews labels the index's counts and links each value to the list
// with it toggled.
func (s *Server) facetViews(p labeller, sn *snapshot, base string, q url.Values, f filters, counts map[string][]search.FacetCount) []facetView {
	var out []facetView
	for _, field := range facetFields {
		fv := facetView{Field: field}
		for i, c := range counts[field] {
			if i >= facetValuesShown && !f.has(field, c.Value) {
				continue
			}
			fv.Items = append(fv.Items, facetItem{Label: facetLabel(p, sn, field, c.Value), Count: c.Count,
				URL: listURL(base, toggled(q, field, c.Value), 1), Selected: f.has(field, c.Value)})
		}
		if len(fv.Items) > 0 {
			out = append(out, fv)
		}
	}
	return out
}

// labeller translates; *web.Page is one.
type labeller interface {
	T(key string, args ...any) string
}

// facetLabel names a facet value for people: an organisation's title, a
// classification in the page's language, else the value.
func facetLabel(p labeller, sn *snapshot, field, value string) string {
	switch field {
	case "organization":
		if o := sn.orgByNm[value]; o != nil && o.Title != "" {
			return o.Title
		}
	case "classification":
		return classLabel(p, value)
	}
	return value
}

// classLabel names a classification level in the page's language.
func classLabel(p labeller, level string) string {
	if level == "" {
		return ""
	}
	key := "class." + level
	if got := p.T(key); got != key {
		return got
	}
	return level
}
