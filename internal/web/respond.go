package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/gin-gonic/gin"
)

// headerRequestID is where internal/httpapi's middleware puts the
// request id.
const headerRequestID = "X-Request-ID"

// ErrorInfo is the data of web's error page.
type ErrorInfo struct {
	// Key prefixes the page's messages: Key+".title" and Key+".body".
	Key string
}

// OK renders view with status 200.
func (s *Site) OK(c *gin.Context, view string, p *Page) { s.render(c, http.StatusOK, view, p) }

// BadRequest shows a form again, with status 400 and the messages p
// carries next to its fields; nothing has been saved.
func (s *Site) BadRequest(c *gin.Context, view string, p *Page) {
	if !p.HasErrors() {
		p.Error = p.T("error.bad_request.body")
	}
	s.render(c, http.StatusBadRequest, view, p)
}

// SeeOther redirects with 303 to a path on this site, as a form that
// succeeded does (post, redirect, get); a path that would lead elsewhere
// goes to "/" (LocalPath).
func (s *Site) SeeOther(c *gin.Context, path string) {
	c.Redirect(http.StatusSeeOther, LocalPath(path))
}

// NotFound renders the not-found page (404).
func (s *Site) NotFound(c *gin.Context) {
	s.render(c, http.StatusNotFound, "error", s.errorPage(c, "error.not_found"))
}

// NotFoundView renders view with status 404: for a page that says what
// was not found and offers to search again.
func (s *Site) NotFoundView(c *gin.Context, view string, p *Page) {
	s.render(c, http.StatusNotFound, view, p)
}

// Forbidden renders the forbidden page (403).
func (s *Site) Forbidden(c *gin.Context) {
	s.render(c, http.StatusForbidden, "error", s.errorPage(c, "error.forbidden"))
}

// ServerError logs err with the request id and renders a 500 page that
// shows only that id: the cause never reaches the visitor.
func (s *Site) ServerError(c *gin.Context, err error) {
	id := requestID(c)
	s.log.Error("web page failed", "request_id", id, "route", c.FullPath(), "err", err)
	p := s.errorPage(c, "error.server")
	p.RequestID = id
	s.render(c, http.StatusInternalServerError, "error", p)
}

func (s *Site) errorPage(c *gin.Context, key string) *Page {
	return s.Page(c, key+".title", ErrorInfo{Key: key})
}

// render executes the view into a buffer first, so a template error
// becomes a clean 500 rather than half a page.
func (s *Site) render(c *gin.Context, status int, view string, p *Page) {
	var b bytes.Buffer
	t := s.tpl.views[view]
	if t == nil {
		s.fail(c, "no such view: "+view)
		return
	}
	if err := t.ExecuteTemplate(&b, "layout", p); err != nil {
		s.fail(c, err.Error())
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	c.Status(status)
	_, _ = c.Writer.Write(b.Bytes())
}

// fail answers a rendering failure in plain text, since the templates
// themselves are what failed.
func (s *Site) fail(c *gin.Context, cause string) {
	id := requestID(c)
	s.log.Error("web template failed", "request_id", id, "err", cause)
	c.Header("Content-Type", "text/plain; charset=utf-8")
	c.String(http.StatusInternalServerError, "Internal server error. Request id: %s\n", id)
}

// requestID returns the id httpapi's middleware gave the request, or a
// new one when the site runs without it.
func requestID(c *gin.Context) string {
	if id := c.Writer.Header().Get(headerRequestID); id != "" {
		return id
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	c.Header(headerRequestID, id)
	return id
}
