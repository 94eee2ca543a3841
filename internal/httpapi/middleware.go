package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/textproto"
	"regexp"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
)

// HeaderRequestID carries the request id in both directions.
const HeaderRequestID = "X-Request-ID"

const ctxRequestID = "gdx.request_id"

// CtxAgency is the gin context key under which authentication stores the
// verified agency code, for the access log.
const CtxAgency = "gdx.agency"

// CtxOfficer is the gin context key under which the agency API stores the
// officer its verified request JWT names (sub).
const CtxOfficer = "gdx.officer"

var requestIDForm = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// RequestID returns the id of the request being served.
func RequestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

// withRequestID echoes a well-formed caller id or makes a new one, so that
// caller, gateway and owner logs can be joined. It is the first
// middleware, so it also lends the request its context keys' map.
func withRequestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer giveBackKeys(c, lendKeys(c))
		id := c.Request.Header.Get(canonicalRequestID)
		if !requestIDForm.MatchString(id) {
			id = newRequestID()
		}
		c.Set(ctxRequestID, id)
		c.Writer.Header()[canonicalRequestID] = []string{id}
		c.Next()
	}
}

// requestKeys are the maps of gin's per-request context keys, lent to one
// request at a time: gin makes a new one for every request's first Set,
// and every request here sets some (the request id, the agency, the
// token's caller).
//
// NOTE: no handler may keep c.Keys past its request (gin's rule for any
// use of its context after the handler returns; nothing here starts a
// goroutine with it), and the map goes back only once the whole chain has
// returned, emptied and unlinked from the context
// (TestRequestKeysDoNotOutliveTheirRequest).
var requestKeys = sync.Pool{New: func() any { return make(map[any]any, 8) }}

// lendKeys gives c a map from requestKeys and returns it.
func lendKeys(c *gin.Context) map[any]any {
	keys := requestKeys.Get().(map[any]any)
	c.Keys = keys
	return keys
}

// giveBackKeys unlinks keys from c, empties it and returns it to
// requestKeys.
func giveBackKeys(c *gin.Context, keys map[any]any) {
	c.Keys = nil
	if len(keys) <= maxPooledKeys {
		clear(keys)
		requestKeys.Put(keys)
	}
}

// maxPooledKeys keeps a map grown by an unusual request from being kept.
const maxPooledKeys = 32

// canonicalRequestID is HeaderRequestID as net/http keys it, spelt once
// rather than on every Get and Set.
var canonicalRequestID = textproto.CanonicalMIMEHeaderKey(HeaderRequestID)

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// withAccessLog logs one line per request. It logs the route pattern, not
// the path, because paths carry record keys such as citizen ids.
func withAccessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		// NOTE: typed attributes, not key-value pairs, so that a line costs
		// no boxing of its fields.
		log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request", slog.String("request_id", RequestID(c)),
			slog.String("method", c.Request.Method), slog.String("route", route), slog.Int("status", c.Writer.Status()),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
			slog.String("agency", c.GetString(CtxAgency)), slog.String("remote", c.ClientIP()))
	}
}

// withRecovery turns a panic into a 500 in the route's format and logs it.
func withRecovery(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r) // a streaming handler cutting its response short on purpose
				}
				WriteError(c, log, rendererOf(c), fmt.Errorf("panic: %v", r))
			}
		}()
		c.Next()
	}
}

// withBodyLimit caps every request body.
func withBodyLimit(max int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		// A request without a body (net/http gives it NoBody) has nothing
		// to cap.
		if c.Request.Body != http.NoBody {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		}
		c.Next()
	}
}

// Handler adapts a handler that returns an error to gin, writing any error
// as problem+json.
func Handler(log *slog.Logger, h func(c *gin.Context) error) gin.HandlerFunc {
	return HandlerFor(log, RenderProblem, h)
}

// NotFound answers unknown routes with a problem.
func NotFound(log *slog.Logger) gin.HandlerFunc {
	return Handler(log, func(c *gin.Context) error {
		return catalog.Errorf(catalog.KindNotFound, "no such endpoint: %s %s", c.Request.Method, c.Request.URL.Path).WithReason(ReasonNoRoute)
	})
}

// NewEngine returns a gin engine with gdx's middleware and problem+json
// answers for unknown routes.
func NewEngine(log *slog.Logger, bodyLimit int64) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = false
	// NOTE: no proxy is trusted, so ClientIP is the peer's address and a
	// client cannot write its own X-Forwarded-For into the logs.
	_ = e.SetTrustedProxies(nil)
	e.Use(withRequestID(), withAccessLog(log), withRecovery(log), withBodyLimit(bodyLimit))
	e.NoRoute(NotFound(log))
	return e
}
