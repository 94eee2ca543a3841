package admin

import "github.com/gin-gonic/gin"

// Register mounts the admin API on r; it implements gateway.RouteSet.
//
//	POST   /admin/v1/sessions                           log in: {username, password} → {token, expires_at}
//	DELETE /admin/v1/sessions                           log out
//	GET    /admin/v1/me                                 the logged-in steward
//	GET    /admin/v1/policy-versions                    list versions, newest first
//	POST   /admin/v1/policy-versions                    draft: {modules, remove, whole, note}
//	GET    /admin/v1/policy-versions/:id                show: sources, diff, tests, lines, events
//	GET    /admin/v1/policy-versions/:id/impact         impact against the active version
//	POST   /admin/v1/policy-versions/:id/approve        approve; answers with the impact
//	POST   /admin/v1/policy-versions/:id/reject         {note}
//	POST   /admin/v1/policy-versions/:id/activate       make it active
//	POST   /admin/v1/policy-versions/:id/rollback       make an earlier version active again: {note}
//	GET    /admin/v1/grants                             ?consumer=&dataset=&status=
//	POST   /admin/v1/grants                             request a grant
//	POST   /admin/v1/grants/:id/approve                 approve, optionally narrowed
//	POST   /admin/v1/grants/:id/refuse                  {note}
//	POST   /admin/v1/grants/:id/revoke                  {note}
//	GET    /admin/v1/datasets                           ?owner=
//	PUT    /admin/v1/datasets/:id                       create or replace a dataset
//	GET    /admin/v1/agencies/:code/keys                the agency's signing keys
//	POST   /admin/v1/agencies/:code/keys                register a public JWK: {jwk}
//	POST   /admin/v1/agencies/:code/keys/:kid/rotate    {jwk, grace}: add the new key, retire this one after grace
//	POST   /admin/v1/agencies/:code/keys/:kid/revoke    end the key's use at once
func (s *Server) Register(r gin.IRouter) {
	base := r.Group("/admin/v1", noStore)
	base.POST("/sessions", s.handle(s.handleLogin))
	v1 := base.Group("", s.handle(s.requireSession))
	v1.DELETE("/sessions", s.handle(s.handleLogout))
	v1.GET("/me", s.handle(s.handleMe))

	v1.GET("/policy-versions", s.handle(s.handleVersionList))
	v1.POST("/policy-versions", s.handle(s.handleDraft))
	v1.GET("/policy-versions/:id", s.handle(s.handleVersionShow))
	v1.GET("/policy-versions/:id/impact", s.handle(s.handleImpact))
	v1.POST("/policy-versions/:id/approve", s.handle(s.handleApprove))
	v1.POST("/policy-versions/:id/reject", s.handle(s.handleReject))
	v1.POST("/policy-versions/:id/activate", s.handle(s.handleActivate))
	v1.POST("/policy-versions/:id/rollback", s.handle(s.handleRollback))

	v1.GET("/grants", s.handle(s.handleGrantList))
	v1.POST("/grants", s.handle(s.handleGrantRequest))
	v1.POST("/grants/:id/approve", s.handle(s.handleGrantApprove))
	v1.POST("/grants/:id/refuse", s.handle(s.handleGrantRefuse))
	v1.POST("/grants/:id/revoke", s.handle(s.handleGrantRevoke))

	v1.GET("/datasets", s.handle(s.handleDatasetList))
	v1.PUT("/datasets/:id", s.handle(s.handleDatasetPut))

	v1.GET("/agencies/:code/keys", s.handle(s.handleKeyList))
	v1.POST("/agencies/:code/keys", s.handle(s.handleKeyAdd))
	v1.POST("/agencies/:code/keys/:kid/rotate", s.handle(s.handleKeyRotate))
	v1.POST("/agencies/:code/keys/:kid/revoke", s.handle(s.handleKeyRevoke))

	v1.GET("/stewards", s.handle(s.handleStewardList))
	v1.POST("/stewards", s.handle(s.handleStewardAdd))
	v1.POST("/stewards/:username/disable", s.handle(s.handleStewardDisable))

	v1.GET("/audit/events", s.handle(s.handleAuditEvents))
	v1.GET("/audit/subjects/:kind/:key", s.handle(s.handleWhoLooked))
	v1.POST("/audit/withholds", s.handle(s.handleWithhold))
}
