package console

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// Register mounts the console on r, everything under /console, behind
// internal/web's middleware (security headers, language, CSRF):
//
//	GET  /console/login, POST /console/login     log in
//	POST /console/logout                         log out
//	GET  /console/                               the steward's home
//	GET  /console/datasets, /console/purposes    the agency's datasets and purposes
//	GET  /console/grants[/:id]                   grants; approve, narrow or refuse a request
//	GET  /console/policies[/:id[/impact]]        versions, one version, its impact
//	GET  /console/policies/new, POST /console/policies   the editor; save drafts and tests
//	POST /console/policies/:id/{approve,reject,activate,rollback}
//	GET  /console/audit                         the audit trail, filtered
//	GET, POST /console/audit/subject             who looked at a record (posted: no id in a URL)
//	GET  /console/traffic                        requests per day or month
//
// Every page but the login page needs a session.
func (s *Server) Register(r gin.IRouter) {
	g := r.Group(Prefix, append([]gin.HandlerFunc{noStore}, s.site.Middleware()...)...)
	s.site.Register(g)
	g.GET("/console.css", serveCSS)
	g.GET("/login", s.showLoginPage)
	g.POST("/login", s.submitLogin)

	a := g.Group("", s.requireSession)
	a.POST("/logout", s.submitLogout)
	a.GET("/", s.showHomePage)
	a.GET("/datasets", s.showDatasetList)
	a.GET("/purposes", s.showPurposeList)
	a.GET("/grants", s.showGrantList)
	a.GET("/grants/:id", s.showGrantPage)
	a.POST("/grants/:id/approve", s.submitGrantApproval)
	a.POST("/grants/:id/refuse", s.submitGrantRefusal)
	a.GET("/policies", s.showPolicyList)
	a.GET("/policies/new", s.showPolicyEditor)
	a.POST("/policies", s.submitPolicyDraft)
	a.GET("/policies/:id", s.showPolicyPage)
	a.GET("/policies/:id/impact", s.showPolicyImpact)
	a.POST("/policies/:id/approve", s.submitPolicyApproval)
	a.POST("/policies/:id/reject", s.submitPolicyRejection)
	a.POST("/policies/:id/activate", s.submitPolicyActivation)
	a.POST("/policies/:id/rollback", s.submitPolicyRollback)
	a.GET("/audit", s.showAuditTrail)
	a.GET("/audit/subject", s.showWhoLooked)
	a.POST("/audit/subject", s.submitWhoLooked)
	a.GET("/traffic", s.showTraffic)
}

// NotFoundHandlers answer an unknown address under /console with the
// console's not-found page, behind the same middleware; the admin
// listener passes them to NoRoute.
func (s *Server) NotFoundHandlers() []gin.HandlerFunc {
	return append(append([]gin.HandlerFunc{noStore}, s.site.Middleware()...), s.site.NotFound)
}

// noStore keeps the console's pages out of every cache, since they show
// what one session may see: it wraps the response writer so that the
// header is set whatever a handler or internal/web sets before it.
func noStore(c *gin.Context) {
	c.Writer = &pageWriter{ResponseWriter: c.Writer}
	c.Next()
}

// pageWriter forces Cache-Control: no-store on every answer and, when
// status is set, the status of the page being rendered (internal/web
// renders a view with 200; the console answers some with 401, 403, 409).
type pageWriter struct {
	gin.ResponseWriter
	status int
}

// WriteHeader sends the header with no-store and the forced status.
func (w *pageWriter) WriteHeader(code int) {
	if !strings.Contains(w.Header().Get("Cache-Control"), "immutable") { // a versioned asset
		w.Header().Set("Cache-Control", "no-store")
	}
	if w.status != 0 {
		code = w.status
	}
	w.ResponseWriter.WriteHeader(code)
}
