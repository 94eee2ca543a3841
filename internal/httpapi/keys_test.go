package httpapi_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// TestRequestKeysDoNotOutliveTheirRequest: the engine lends each request
// a pooled map for its context keys, so a request must find none of the
// keys an earlier one set, and once a request is answered its context no
// longer holds the map.
func TestRequestKeysDoNotOutliveTheirRequest(t *testing.T) {
	e := httpapi.NewEngine(slog.New(slog.NewTextHandler(io.Discard, nil)), 1<<10)
	var last *gin.Context
	e.GET("/k/:n", func(c *gin.Context) {
		if len(c.Keys) != 1 || httpapi.RequestID(c) == "" { // the request id alone
			c.String(http.StatusConflict, "keys at the start: %v", c.Keys)
			return
		}
		c.Set(httpapi.CtxAgency, "agency-"+c.Param("n"))
		c.Set("gdx.secret", c.Param("n"))
		last = c
		c.String(http.StatusOK, "%s", c.GetString(httpapi.CtxAgency))
	})
	for i := range 20 {
		w := httptest.NewRecorder()
		e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, fmt.Sprint("/k/", i), nil))
		if w.Code != http.StatusOK || w.Body.String() != fmt.Sprint("agency-", i) {
			t.Fatalf("request %d: %d %s", i, w.Code, w.Body)
		}
		if last.Keys != nil {
			t.Fatalf("request %d's context still holds its keys after the answer: %v", i, last.Keys)
		}
	}
}
