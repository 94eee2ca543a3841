package portal

import "github.com/gin-gonic/gin"

// showOrganizationList lists the agencies that publish datasets.
func (s *Server) showOrganizationList(c *gin.Context) {
	sn, err := s.current(c.Request.Context())
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	s.site.OK(c, "organizations", s.site.Page(c, "orgs.title", sn.orgs))
}
