package gateway

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
)

// handleHealthz answers that the process is alive.
func handleHealthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz answers ready only when the storage answers within a second.
func readyz(ready func(ctx context.Context) error) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		ctx, cancel := context.WithTimeout(c.Request.Context(), time.Second)
		defer cancel()
		if err := ready(ctx); err != nil {
			return catalog.Errorf(catalog.KindUnavailable, "the database does not answer").WithReason(catalog.ReasonDatabaseUnavailable).Wrap(err)
		}
		c.JSON(http.StatusOK, gin.H{"status": "ready"})
		return nil
	}
}
