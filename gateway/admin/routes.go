package admin

import (
	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/internal/httpapi"
)

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
//
// Every route refuses a query parameter it does not take, or one given
// twice (httpapi.OnlyQuery).
func (s *Server) Register(r gin.IRouter) {
	only := func(names ...string) gin.HandlerFunc { return httpapi.OnlyQuery(s.log, names...) }
	base := r.Group("/admin/v1", noStore)
	base.POST("/sessions", only(), s.handle(s.handleLogin))
	v1 := base.Group("", s.handle(s.requireSession))
	v1.DELETE("/sessions", only(), s.handle(s.handleLogout))
	v1.GET("/me", only(), s.handle(s.handleMe))

	v1.GET("/policy-versions", only(), s.handle(s.handleVersionList))
	v1.POST("/policy-versions", only(), s.handle(s.handleDraft))
	v1.GET("/policy-versions/:id", only(), s.handle(s.handleVersionShow))
	v1.GET("/policy-versions/:id/impact", only(), s.handle(s.handleImpact))
	v1.POST("/policy-versions/:id/approve", only(), s.handle(s.handleApprove))
	v1.POST("/policy-versions/:id/reject", only(), s.handle(s.handleReject))
	v1.POST("/policy-versions/:id/activate", only(), s.handle(s.handleActivate))
	v1.POST("/policy-versions/:id/rollback", only(), s.handle(s.handleRollback))

	v1.GET("/grants", only("consumer", "dataset", "status"), s.handle(s.handleGrantList))
	v1.POST("/grants", only(), s.handle(s.handleGrantRequest))
	v1.POST("/grants/:id/approve", only(), s.handle(s.handleGrantApprove))
	v1.POST("/grants/:id/refuse", only(), s.handle(s.handleGrantRefuse))
	v1.POST("/grants/:id/revoke", only(), s.handle(s.handleGrantRevoke))

	v1.GET("/datasets", only("owner"), s.handle(s.handleDatasetList))
	v1.PUT("/datasets/:id", only(), s.handle(s.handleDatasetPut))

	v1.GET("/agencies/:code/keys", only(), s.handle(s.handleKeyList))
	v1.POST("/agencies/:code/keys", only(), s.handle(s.handleKeyAdd))
	v1.POST("/agencies/:code/keys/:kid/rotate", only(), s.handle(s.handleKeyRotate))
	v1.POST("/agencies/:code/keys/:kid/revoke", only(), s.handle(s.handleKeyRevoke))

	v1.GET("/stewards", only("agency"), s.handle(s.handleStewardList))
	v1.POST("/stewards", only(), s.handle(s.handleStewardAdd))
	v1.POST("/stewards/:username/disable", only(), s.handle(s.handleStewardDisable))

	v1.GET("/audit/events", only("agency", "dataset", "kind", "decision", "cursor", "from", "to", "limit"), s.handle(s.handleAuditEvents))
	v1.GET("/audit/subjects/:kind/:key", only(), s.handle(s.handleWhoLooked))
	v1.POST("/audit/withholds", only(), s.handle(s.handleWithhold))
}
