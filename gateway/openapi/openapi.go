package openapi

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Path is where the document is served.
const Path = "/openapi.json"

// document is the OpenAPI 3.1 document of the agency API.
//
//go:embed openapi.json
var document []byte

// etag names the document's content, so that a cache can revalidate it.
var etag = func() string {
	sum := sha256.Sum256(document)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}()

// Document returns a copy of the embedded OpenAPI document.
func Document() []byte { return append([]byte(nil), document...) }

// Handler serves the document at Path. It is a gateway.RouteSet; the
// zero value is ready to use.
type Handler struct{}

// Register adds GET and HEAD Path to r.
func (Handler) Register(r gin.IRouter) {
	r.GET(Path, serve)
	r.HEAD(Path, serve)
}

// serve writes the document with caching headers: public for an hour,
// revalidated by ETag, and a 304 for a matching If-None-Match.
func serve(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("ETag", etag)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Access-Control-Allow-Origin", "*")
	if matches(c.GetHeader("If-None-Match")) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, "application/json", document)
}

// matches reports whether an If-None-Match list names the document's
// ETag, weakly compared as RFC 9110 §13.1.2 asks.
func matches(ifNoneMatch string) bool {
	for _, tag := range strings.Split(ifNoneMatch, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == etag || tag == "*" {
			return true
		}
	}
	return false
}
