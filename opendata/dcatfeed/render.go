package dcatfeed

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/dcat"
)

// contentType is the Content-Type of each syntax.
func contentType(s dcat.Syntax) string {
	if s == dcat.Turtle {
		return "text/turtle; charset=utf-8"
	}
	return s.MediaType()
}

// render writes the document in full: it is built in memory first, so
// that a failure is an error answer rather than half a document.
func render(c *gin.Context, s dcat.Syntax, write func(w *strings.Builder) error) error {
	var b strings.Builder
	if err := write(&b); err != nil {
		return fmt.Errorf("write DCAT %s: %w", s, err)
	}
	c.Data(http.StatusOK, contentType(s), []byte(b.String()))
	return nil
}

// etag is a strong validator of one representation: what it describes
// (the store's marker), its syntax and what selects it (page, filter,
// package).
func etag(kind string, m opendata.Marker, s dcat.Syntax, sel string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d\x00%s\x00%s\x00%s", kind, m.Count, m.Modified, s, sel)))
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// notModified sets the validators and answers 304 when the client's copy
// is current: If-None-Match decides when present (RFC 9110 §13.2.2),
// else If-Modified-Since.
func notModified(c *gin.Context, tag string, modified time.Time) bool {
	c.Header("ETag", tag)
	if !modified.IsZero() {
		c.Header("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
	if inm := c.GetHeader("If-None-Match"); inm != "" {
		if matches(inm, tag) {
			c.Status(http.StatusNotModified)
			return true
		}
		return false
	}
	ims, err := http.ParseTime(c.GetHeader("If-Modified-Since"))
	if err != nil || modified.IsZero() || modified.Truncate(time.Second).After(ims) {
		return false
	}
	c.Status(http.StatusNotModified)
	return true
}

// matches is the weak comparison of If-None-Match's list with tag.
func matches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}
