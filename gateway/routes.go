package gateway

import (
	"log/slog"
	"net/http"
)

// apiServer serves the agency API on the mutual-TLS listener.
type apiServer struct {
	deps Deps
	log  *slog.Logger
}

func (s *apiServer) routes(bodyLimit int64) http.Handler {
	e := newEngine(s.log, bodyLimit)
	e.GET("/healthz", handleHealthz)
	e.GET("/readyz", handler(s.log, readyz(s.deps.Ready)))
	e.Use(handler(s.log, withHeaderLimit))
	v1 := e.Group("/v1", handler(s.log, s.requireAgency), handler(s.log, s.requireToken))
	v1.GET("/whoami", handler(s.log, s.handleWhoami))
	return e
}

// webServer serves the public web, the CKAN API and the steward console.
type webServer struct {
	deps Deps
	log  *slog.Logger
}

func (s *webServer) routes(bodyLimit int64) http.Handler {
	e := newEngine(s.log, bodyLimit)
	e.GET("/healthz", handleHealthz)
	e.GET("/readyz", handler(s.log, readyz(s.deps.Ready)))
	e.GET("/", s.handleHome)
	return e
}
