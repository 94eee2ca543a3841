package portal

import (
	"errors"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/internal/web"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/search"
)

// Paging and input limits of the lists.
const (
	perPage    = 20
	maxQuery   = 500
	facetLimit = 50
)

// datasetListView is the data of the dataset list.
type datasetListView struct {
	Query   string
	Count   int
	Results []*opendata.Package
	Facets  []facetView
	Pager   web.Pager
	// Hidden keeps the chosen facets when the form searches again.
	Hidden []facetParam
	// Sort is the chosen order's key; Sorts lists the keys offered.
	Sort  string
	Sorts []string
}

// sorts are the orders the list offers, by key; the first is the default.
var sorts = []struct{ key, sort string }{
	{"relevance", ""}, {"newest", "metadata_modified desc"}, {"title", "title_string asc"},
}

// sortOf returns the chosen order's key and its sort, the default for
// anything unknown.
func sortOf(key string) (string, string) {
	for _, s := range sorts {
		if s.key == key {
			return s.key, s.sort
		}
	}
	return sorts[0].key, sorts[0].sort
}

// showDatasetList searches the packages with the query and the chosen
// facets, one page at a time. A query the search engine refuses (CKAN
// would answer "Search Query Error") is shown again with its message.
func (s *Server) showDatasetList(c *gin.Context) {
	sn, err := s.current(c.Request.Context())
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	q := c.Request.URL.Query()
	view := &datasetListView{Query: q.Get("q"), Hidden: hiddenFilters(q)}
	key, order := sortOf(q.Get("sort"))
	view.Sort = key
	for _, s := range sorts {
		view.Sorts = append(view.Sorts, s.key)
	}
	p := s.site.Page(c, "datasets.title", view)
	if len(view.Query) > maxQuery {
		p.Errors = web.FieldErrors{"q": p.T("search.too_long", maxQuery)}
		s.site.BadRequest(c, "datasets", p)
		return
	}
	page := pageNumber(q.Get("page"))
	f := filtersOf(q)
	res, err := sn.index.Search(search.Query{Q: view.Query, FQ: []string{f.fq()}, Sort: order, Start: (page - 1) * perPage, Rows: perPage,
		FacetFields: facetFields, FacetLimit: facetLimit, FacetMinCount: 1}, s.now())
	if qe := (*search.QueryError)(nil); errors.As(err, &qe) {
		p.Errors = web.FieldErrors{"q": p.T("search.invalid", qe.Message)}
		s.site.BadRequest(c, "datasets", p)
		return
	} else if err != nil {
		s.site.ServerError(c, err)
		return
	}
	view.Count, view.Results = res.Count, sn.packages(res.IDs)
	view.Facets = s.facetViews(p, sn, "/datasets", q, f, res.Facets)
	view.Pager = web.NewPager(res.Count, page, perPage, func(n int) string { return listURL("/datasets", q, n) })
	s.site.OK(c, "datasets", p)
}

// pageNumber reads ?page=, 1 when absent or not a positive number.
func pageNumber(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1_000_000 {
		return 1
	}
	return n
}

// hiddenFilters lists the chosen facets as form fields.
func hiddenFilters(q url.Values) []facetParam {
	var out []facetParam
	for _, field := range facetFields {
		for _, v := range q[field] {
			out = append(out, facetParam{field, v})
		}
	}
	return out
}

// facetParam is one hidden field of the search form.
type facetParam struct{ Name, Value string }
