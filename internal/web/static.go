package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"

	"github.com/gin-gonic/gin"
)

// StaticPrefix is where the assets are served.
const StaticPrefix = "/static/"

//go:embed static
var staticFiles embed.FS

var staticFS, _ = fs.Sub(staticFiles, "static")

// serveStatic serves an embedded asset; versioned URLs (?v=) may be
// cached for a year.
func serveStatic(c *gin.Context) {
	name := path.Clean("/" + c.Param("file"))[1:]
	b, err := fs.ReadFile(staticFS, name)
	if err != nil {
		c.Status(http.StatusNotFound)
		return
	}
	if c.Query("v") != "" {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	}
	c.Data(http.StatusOK, mediaType(name), b)
}

func mediaType(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	return "application/octet-stream"
}

// assetVersion is a hash of every asset, so a new build changes the
// versioned URLs.
func assetVersion() string {
	h := sha256.New()
	_ = fs.WalkDir(staticFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(staticFS, p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}
