package download

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// Version identifies a table's content: it changes whenever a row does.
type Version = tabular.Version

// Table is one tabular resource that can be downloaded.
type Table interface {
	tabular.Source
	// Version is cheap (an indexed aggregate), so that a conditional
	// request is answered without reading the rows.
	Version(ctx context.Context) (Version, error)
}

// Tables finds a table by package and table name.
type Tables interface {
	// Table returns the table, or an error of kind not found.
	Table(ctx context.Context, pkg, name string) (Table, error)
}

// Handler serves /download/{package}/{table}.{ext}, the paths
// opendata.DownloadPath names in the resource dicts.
type Handler struct {
	Tables Tables
	Log    *slog.Logger
}

// Register mounts the downloads on r.
func (h *Handler) Register(r gin.IRouter) {
	serve := httpapi.Handler(h.Log, h.serve)
	r.GET("/download/:pkg/:file", serve)
	r.HEAD("/download/:pkg/:file", serve)
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,99}$`)

func (h *Handler) serve(c *gin.Context) error {
	pkg := c.Param("pkg")
	name, ext, _ := strings.Cut(c.Param("file"), ".")
	f, err := tabular.ParseFormat(ext)
	if err != nil || !nameRE.MatchString(pkg) || !nameRE.MatchString(name) {
		return catalog.Errorf(catalog.KindNotFound, "no such download: the address is /download/{dataset}/{table}.{csv|json|parquet|arrow}")
	}
	ctx := c.Request.Context()
	t, err := h.Tables.Table(ctx, pkg, name)
	if err != nil {
		return err
	}
	v, err := t.Version(ctx)
	if err != nil {
		return fmt.Errorf("download %s/%s: version: %w", pkg, name, err)
	}
	etag := ETag(pkg, name, f, v)
	setHeaders(c.Writer.Header(), f, pkg, name, etag, v)
	if notModified(c.Request, etag, v.Modified) {
		c.Status(http.StatusNotModified)
		return nil
	}
	if c.Request.Method == http.MethodHead {
		c.Status(http.StatusOK)
		return nil
	}
	return h.stream(c, f, t, pkg+"/"+name)
}

// stream writes the table. Once the first byte is out the status is sent,
// so a failure midway can only be logged and the connection cut short: a
// client sees a truncated file rather than a wrong one.
func (h *Handler) stream(c *gin.Context, f tabular.Format, t Table, what string) error {
	var w io.Writer = c.Writer
	if acceptsGzip(c.Request) {
		c.Header("Content-Encoding", "gzip")
		gz, _ := gzip.NewWriterLevel(c.Writer, gzip.BestSpeed)
		defer gz.Close()
		w = gz
	}
	c.Status(http.StatusOK)
	st, err := tabular.Write(c.Request.Context(), w, f, t, nil)
	if err != nil {
		h.Log.Error("download cut short", "table", what, "format", f, "rows", st.Rows, "err", err, "request_id", httpapi.RequestID(c))
		panic(http.ErrAbortHandler) // net/http closes the connection without a clean end
	}
	return nil
}

// ETag is the strong entity tag of a table in a format: the same content
// always writes the same bytes, so the tag changes exactly when they do.
func ETag(pkg, name string, f tabular.Format, v Version) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%s.%s@%d/%d", pkg, name, f, v.Modified.UnixMicro(), v.Rows)))
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

func setHeaders(h http.Header, f tabular.Format, pkg, name, etag string, v Version) {
	h.Set("Content-Type", f.MediaType())
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s%s"`, pkg, name, f.Ext()))
	h.Set("ETag", etag)
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "public, max-age=60")
	h.Set("X-Row-Count", fmt.Sprint(v.Rows))
	if !v.Modified.IsZero() {
		h.Set("Last-Modified", v.Modified.UTC().Format(http.TimeFormat))
	}
}

// notModified applies RFC 9110 §13.1.2 and §13.1.3: If-None-Match wins over
// If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == etag || tag == "*" {
				return true
			}
		}
		return false
	}
	ims, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !modified.IsZero() && !modified.Truncate(time.Second).After(ims)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			return !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") || strings.Contains(params, "q=0.")
		}
	}
	return false
}
