package gateway

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// apiServer serves the agency API on the mutual-TLS listener.
type apiServer struct {
	deps     Deps
	log      *slog.Logger
	failures *failureLimiter
}

func (s *apiServer) routes(bodyLimit int64) http.Handler {
	e := httpapi.NewEngine(s.log, bodyLimit)
	e.GET("/healthz", handleHealthz)
	e.GET("/readyz", httpapi.Handler(s.log, readyz(s.deps.Ready)))
	e.Use(httpapi.Handler(s.log, withHeaderLimit))
	v1 := e.Group("/v1", s.settleAfter, httpapi.Handler(s.log, s.authenticate))
	v1.GET("/whoami", httpapi.OnlyQuery(s.log), httpapi.Handler(s.log, s.handleWhoami))
	v1.GET("/datasets/:dataset/records/:key", httpapi.OnlyQuery(s.log, "fields"), httpapi.Handler(s.log, s.handleLookup))
	v1.POST("/datasets/:dataset/:action", httpapi.OnlyQuery(s.log, "fields"), httpapi.Handler(s.log, s.handleDatasetAction))
	// NOTE: another package's routes change state outside the lookup
	// pipeline, so their request's token is durably recorded as used
	// before they run: a replay that only the database can catch (two
	// replicas, one token) is refused before it loads anything.
	settled := v1.Group("", httpapi.Handler(s.log, s.settleToken))
	for _, rs := range s.deps.API {
		rs.Register(settled)
	}
	return e
}

// webServer serves the public web: the portal, the open-data APIs, the
// licence check and the citizen view.
type webServer struct {
	deps Deps
	log  *slog.Logger
}

func (s *webServer) routes(bodyLimit int64) http.Handler {
	e := httpapi.NewEngine(s.log, bodyLimit)
	e.GET("/healthz", handleHealthz)
	e.GET("/readyz", httpapi.Handler(s.log, readyz(s.deps.Ready)))
	for _, rs := range s.deps.Web {
		rs.Register(e)
	}
	noRoute(e, s.log, s.deps.Web)
	return e
}

// adminServer serves the admin listener: the admin API, the steward
// console and /metrics, kept off the public web.
type adminServer struct {
	deps Deps
	log  *slog.Logger
}

func (s *adminServer) routes(bodyLimit int64) http.Handler {
	e := httpapi.NewEngine(s.log, bodyLimit)
	e.GET("/healthz", handleHealthz)
	e.GET("/readyz", httpapi.Handler(s.log, readyz(s.deps.Ready)))
	e.GET("/", s.handleHome)
	if s.deps.Metrics != nil {
		e.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.deps.Metrics.Registry(), promhttp.HandlerOpts{})))
	}
	for _, rs := range s.deps.Admin {
		rs.Register(e)
	}
	noRoute(e, s.log, s.deps.Admin)
	return e
}

// NotFoundPages is a route set with a not-found page of its own (the
// portal, the steward console).
type NotFoundPages interface {
	NotFoundHandlers() []gin.HandlerFunc
}

// noRoute has a listener answer an address nothing serves with the first
// of its route sets' not-found page when the client asks for HTML (a
// person in a browser), and with problem+json otherwise, as every API
// of the exchange answers.
func noRoute(e *gin.Engine, log *slog.Logger, sets []RouteSet) {
	for _, rs := range sets {
		if p, ok := rs.(NotFoundPages); ok {
			problem := httpapi.NotFound(log)
			e.NoRoute(append([]gin.HandlerFunc{func(c *gin.Context) {
				if !acceptsHTML(c.GetHeader("Accept")) {
					problem(c)
					c.Abort()
				}
			}}, p.NotFoundHandlers()...)...)
			return
		}
	}
}

// acceptsHTML reports whether an Accept header names text/html (or
// XHTML) with a weight above zero; a wildcard does not count, since API
// clients send */* too.
func acceptsHTML(accept string) bool {
	for _, r := range strings.Split(accept, ",") {
		media, params, _ := strings.Cut(r, ";")
		media = strings.ToLower(strings.TrimSpace(media))
		if media != "text/html" && media != "application/xhtml+xml" {
			continue
		}
		if q, ok := weight(params); !ok || q > 0 {
			return true
		}
	}
	return false
}

// weight returns the q parameter of a media range's parameters, and
// whether it had one.
func weight(params string) (float64, bool) {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(k, "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return q, err == nil
		}
	}
	return 1, false
}
