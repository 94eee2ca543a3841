package console

import (
	_ "embed" // the console's stylesheet
	"net/http"

	"github.com/gin-gonic/gin"
)

//go:embed static/console.css
var consoleCSS []byte

// serveCSS serves the console's stylesheet, which adds its forms' layout
// to internal/web's. It is small and unversioned, so it is fetched anew
// with every page (pageWriter's no-store): a new build shows at once.
func serveCSS(c *gin.Context) {
	c.Data(http.StatusOK, "text/css; charset=utf-8", consoleCSS)
}
