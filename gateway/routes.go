package gateway

import (
	"log/slog"
	"net/http"

	"github.com/gdx-exchange/gdx/gateway/httpapi"
)

// apiServer serves the agency API on the mutual-TLS listener.
type apiServer struct {
	deps Deps
	log  *slog.Logger
}

func (s *apiServer) routes(bodyLimit int64) http.Handler {
	e := httpapi.NewEngine(s.log, bodyLimit)
	e.GET("/healthz", handleHealthz)
	e.GET("/readyz", httpapi.Handler(s.log, readyz(s.deps.Ready)))
	e.Use(httpapi.Handler(s.log, withHeaderLimit))
	v1 := e.Group("/v1", httpapi.Handler(s.log, s.requireAgency), httpapi.Handler(s.log, s.requireToken))
	v1.GET("/whoami", httpapi.Handler(s.log, s.handleWhoami))
	return e
}

// webServer serves the public web, the CKAN API and the steward console.
type webServer struct {
	deps Deps
	log  *slog.Logger
}

func (s *webServer) routes(bodyLimit int64) http.Handler {
	e := httpapi.NewEngine(s.log, bodyLimit)
	e.GET("/healthz", handleHealthz)
	e.GET("/readyz", httpapi.Handler(s.log, readyz(s.deps.Ready)))
	e.GET("/", s.handleHome)
	for _, rs := range s.deps.Web {
		rs.Register(e)
	}
	return e
}
