package gateway

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// handleHome answers the admin listener's front page: where the console,
// the admin API and the metrics are, in Thai and English.
func (s *adminServer) handleHome(c *gin.Context) {
	c.Header("Content-Type", "text/plain; charset=utf-8")
	c.String(http.StatusOK, "gdx — ศูนย์แลกเปลี่ยนข้อมูลภาครัฐ / government data exchange: admin listener\n\n"+
		"/console/      steward console / คอนโซลผู้ดูแลข้อมูล\n/admin/v1/     admin API\n/metrics       Prometheus metrics\n"+
		"/healthz       liveness\n/readyz        readiness (database)\n")
}
