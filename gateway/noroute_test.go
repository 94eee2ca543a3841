package gateway

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// pagesSet is a route set with a not-found page, as the portal is.
type pagesSet struct{}

func (pagesSet) Register(r gin.IRouter) {
	r.GET("/datasets", func(c *gin.Context) { c.String(http.StatusOK, "datasets") })
}

func (pagesSet) NotFoundHandlers() []gin.HandlerFunc {
	return []gin.HandlerFunc{func(c *gin.Context) {
		c.Data(http.StatusNotFound, "text/html; charset=utf-8", []byte("<p>ไม่พบหน้านี้ / page not found</p>"))
	}}
}

// TestUnknownAddressesAnswerEachClientInItsFormat: on a listener serving
// pages, a browser asking for an unknown address gets the not-found page,
// and any other client problem+json; known routes are untouched.
func TestUnknownAddressesAnswerEachClientInItsFormat(t *testing.T) {
	s := &webServer{deps: Deps{Web: []RouteSet{pagesSet{}}, Ready: func(context.Context) error { return nil }},
		log: slog.New(slog.DiscardHandler)}
	h := s.routes(1 << 20)
	tests := []struct {
		path, accept string
		status       int
		wantType     string
	}{
		{"/nowhere", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", 404, "text/html"},
		{"/nowhere", "application/xhtml+xml", 404, "text/html"},
		{"/nowhere", "", 404, "application/problem+json"},
		{"/nowhere", "*/*", 404, "application/problem+json"},
		{"/nowhere", "application/json", 404, "application/problem+json"},
		{"/nowhere", "text/html;q=0, application/json", 404, "application/problem+json"},
		{"/api/3/action/nothing_here", "application/json", 404, "application/problem+json"},
		{"/datasets", "text/html", 200, "text/plain"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, tt.path, nil)
		if tt.accept != "" {
			req.Header.Set("Accept", tt.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.wantType) {
			t.Errorf("GET %s (Accept %q) = %d %s, want %d %s", tt.path, tt.accept, rec.Code, rec.Header().Get("Content-Type"), tt.status, tt.wantType)
		}
	}
}

func TestAcceptsHTML(t *testing.T) {
	tests := map[string]bool{
		"text/html":                         true,
		"TEXT/HTML; charset=utf-8":          true,
		"application/json, text/html;q=0.1": true,
		"text/html;q=0":                     false,
		"text/html;q=0.0":                   false,
		"*/*":                               false,
		"text/*":                            false,
		"":                                  false,
		"application/json":                  false,
	}
	for accept, want := range tests {
		if got := acceptsHTML(accept); got != want {
			t.Errorf("acceptsHTML(%q) = %v, want %v", accept, got, want)
		}
	}
}
