package portal

import (
	"html/template"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
)

// licenceView is the data of a licence's page.
type licenceView struct {
	Licence Licence
	URL     string
	QR      template.HTML
	// Issuer and Number are what was asked, for the not-found page, and
	// Query fills its search form.
	Issuer, Number, Query string
}

// showLicencePage shows one licence with its status today and the QR
// code that leads back here. An unknown licence is a "not found" page
// with the search form, never an error page.
func (s *Server) showLicencePage(c *gin.Context) {
	issuer, number := c.Param("issuer"), strings.TrimPrefix(c.Param("number"), "/")
	view := &licenceView{Issuer: issuer, Number: number, Query: number}
	p := s.site.Page(c, "licence.title", view)
	if s.licences == nil {
		s.site.NotFoundView(c, "licence_notfound", p)
		return
	}
	l, err := s.licences.Licence(c.Request.Context(), issuer, number)
	if catalog.IsKind(err, catalog.KindNotFound) || catalog.IsKind(err, catalog.KindInvalid) {
		p.Title = p.T("licence.notfound.title")
		s.site.NotFoundView(c, "licence_notfound", p)
		return
	}
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	view.Licence, view.URL = l, s.cfg.SiteURL+l.Path()
	if view.QR, err = qrSVG(view.URL, qrID, p.T("licence.qr.title", l.Number), p.T("licence.qr.desc", view.URL)); err != nil {
		s.site.ServerError(c, err)
		return
	}
	p.Title = p.T("licence.title.of", l.Number)
	s.site.OK(c, "licence", p)
}
