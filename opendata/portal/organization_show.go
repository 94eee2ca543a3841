package portal

import (
	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/internal/web"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/search"
)

// organizationView is the data of an organisation's page.
type organizationView struct {
	Org     orgInfo
	Results []*opendata.Package
	Pager   web.Pager
}

// showOrganizationPage shows an agency and the datasets it publishes, a
// page at a time.
func (s *Server) showOrganizationPage(c *gin.Context) {
	sn, err := s.current(c.Request.Context())
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	org := sn.orgByNm[c.Param("name")]
	if org == nil {
		s.site.NotFound(c)
		return
	}
	q := c.Request.URL.Query()
	page := pageNumber(q.Get("page"))
	res, err := sn.index.Search(search.Query{FQ: []string{"+organization:" + quoteTerm(org.Name)},
		Sort: "title_string asc", Start: (page - 1) * perPage, Rows: perPage}, s.now())
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	base := "/organizations/" + org.Name
	view := &organizationView{Org: *org, Results: sn.packages(res.IDs),
		Pager: web.NewPager(res.Count, page, perPage, func(n int) string { return listURL(base, q, n) })}
	p := s.site.Page(c, "", view)
	p.Title = org.Title
	s.site.OK(c, "organization", p)
}
