package portal

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/web"
)

// Licence search limits.
const (
	licenceResults = 20
	maxLicenceText = 200
)

// licenceSearchView is the data of the licence check's search page.
type licenceSearchView struct {
	Available bool
	Query     string
	Searched  bool
	Results   []Licence
}

// showLicenceSearch shows the licence check's form and, when asked, the
// licences matching a number or a business name. A blank or unusable
// query is shown again with its message next to the field.
func (s *Server) showLicenceSearch(c *gin.Context) {
	view := &licenceSearchView{Available: s.licences != nil, Query: strings.TrimSpace(c.Query("q"))}
	p := s.site.Page(c, "licences.title", view)
	_, asked := c.GetQuery("q")
	if !asked || !view.Available {
		s.site.OK(c, "licences", p)
		return
	}
	switch {
	case view.Query == "":
		p.Errors = web.FieldErrors{"q": p.T("licences.q.required")}
	case len(view.Query) > maxLicenceText:
		p.Errors = web.FieldErrors{"q": p.T("licences.q.too_long", maxLicenceText)}
	}
	if p.HasErrors() {
		s.site.BadRequest(c, "licences", p)
		return
	}
	res, err := s.licences.FindLicences(c.Request.Context(), view.Query, licenceResults)
	if catalog.IsKind(err, catalog.KindInvalid) {
		p.Errors = web.FieldErrors{"q": p.T("licences.q.invalid", catalog.ErrorMessage(err))}
		s.site.BadRequest(c, "licences", p)
		return
	}
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	view.Searched, view.Results = true, res
	s.site.OK(c, "licences", p)
}
