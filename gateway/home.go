package gateway

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// handleHome answers the public web's front page. The open-data portal
// replaces it; until then it says what the listener offers, in Thai and
// English.
func (s *webServer) handleHome(c *gin.Context) {
	c.Header("Content-Type", "text/plain; charset=utf-8")
	c.String(http.StatusOK, "gdx — ศูนย์แลกเปลี่ยนข้อมูลภาครัฐ / government data exchange\n\n"+
		"GET /healthz   liveness\nGET /readyz    readiness (database)\n")
}
