package portal

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/web"
)

// serveLicenceQR serves a licence's QR code as an SVG file, for
// licensees to print at any size. The code encodes the licence page's
// absolute address.
func (s *Server) serveLicenceQR(c *gin.Context) {
	if s.licences == nil {
		s.site.NotFound(c)
		return
	}
	issuer, number := c.Param("issuer"), strings.TrimPrefix(c.Param("number"), "/")
	l, err := s.licences.Licence(c.Request.Context(), issuer, number)
	if catalog.IsKind(err, catalog.KindNotFound) || catalog.IsKind(err, catalog.KindInvalid) {
		s.site.NotFound(c)
		return
	}
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	lang := web.LangOf(c)
	u := s.cfg.SiteURL + l.Path()
	svg, err := qrSVG(u, qrID, s.site.T(lang, "licence.qr.title", l.Number), s.site.T(lang, "licence.qr.desc", u))
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="licence-qr.svg"`)
	c.Data(http.StatusOK, "image/svg+xml", []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"+string(svg)))
}
