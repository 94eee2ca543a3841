package citizen

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/internal/httpapi"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static/citizen.css
var citizenCSS []byte

var pages = template.Must(template.New("").ParseFS(templateFiles, "templates/*.html"))

// view is what every page's template reads.
type view struct {
	Lang     string
	Title    string // a message key
	Base     string // the base path
	CSS      string
	ThisPath string // the page's path, for the language switch
	Request  string // the request id, for error pages
	Message  string // an error page's message key
}

func (s *Server) newView(c *gin.Context, title string) view {
	lang := s.lang(c)
	return view{Lang: lang, Title: title, Base: s.cfg.BasePath, CSS: s.path("/static/citizen.css"),
		ThisPath: c.Request.URL.Path, Request: httpapi.RequestID(c)}
}

// T returns the text of a message key in the page's language.
func (v view) T(key string) string { return translate(v.Lang, key) }

// render writes a page; a template error becomes a plain 500.
func (s *Server) render(c *gin.Context, status int, name string, v any) error {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, v); err != nil {
		return err
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	return nil
}

// renderError is the view's httpapi.Renderer: an HTML page in the
// citizen's language whose message the failure's reason names. A 5xx
// (the audit trail down, a fault) shows only the request id.
func (s *Server) renderError(c *gin.Context, f httpapi.Failure) {
	v := s.newView(c, "error.title")
	v.Request, v.ThisPath = f.RequestID, s.path("/") // the switch must not replay a failed request
	switch _, known := messages[langEN][f.Reason]; {
	case known:
		v.Message = f.Reason
	case f.Status >= 500:
		v.Message = "error.internal"
	default:
		v.Message = "error.generic"
	}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, "error.html", v); err != nil {
		s.log.Error("citizen: render error page", "err", err)
		c.String(f.Status, "error %d; request id %s", f.Status, f.RequestID)
		return
	}
	c.Data(f.Status, "text/html; charset=utf-8", buf.Bytes())
}

func (s *Server) handleCSS(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "text/css; charset=utf-8", citizenCSS)
}
