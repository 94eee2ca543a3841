package portal

import "github.com/gin-gonic/gin"

// Register adds the portal's pages to r, behind internal/web's middleware
// (security headers, language, CSRF), with web's assets and language
// switch.
func (s *Server) Register(r gin.IRouter) {
	g := r.Group("", s.site.Middleware()...)
	s.site.Register(g)
	g.GET("/", s.showHomePage)
	g.GET("/datasets", s.showDatasetList)
	g.GET("/datasets/:name", s.showDatasetPage)
	g.GET("/organizations", s.showOrganizationList)
	g.GET("/organizations/:name", s.showOrganizationPage)
	g.GET("/access", s.showAccessCatalog)
	g.GET("/statistics", s.showStatisticsPage)
	g.GET("/licences", s.showLicenceSearch)
	g.GET("/licences/:issuer/*number", s.showLicencePage)
	g.GET("/qr/licences/:issuer/*number", s.serveLicenceQR)
	g.GET("/developers", s.showAPIPage)
}

// NotFoundHandlers answer an unknown address with the portal's
// not-found page, behind the same middleware as every page; cmd/gdx
// passes them to the public listener's NoRoute for the paths no API
// claims.
func (s *Server) NotFoundHandlers() []gin.HandlerFunc {
	return append(s.site.Middleware(), s.site.NotFound)
}
