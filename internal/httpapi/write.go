package httpapi

import (
	"log/slog"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
)

// Renderer writes the answer to a failed request in one wire format
// (problem+json, CKAN's envelope). WriteError has mapped the error, logged
// a 5xx, set the headers every format shares (GDX-Error-Source,
// WWW-Authenticate, Retry-After) and aborted the chain; the renderer
// writes the status and its body, for example with c.Render. The status
// is f.Status unless the format fixes another (CKAN answers invalid input
// with 409). Details only one format carries it reads with f.As; the
// cause's text never goes into a body.
type Renderer func(c *gin.Context, f Failure)

// WriteError writes err through render. It is the only place that turns
// errors into HTTP: a 5xx is logged with its cause, and the body of an
// internal error shows only the request id.
func WriteError(c *gin.Context, log *slog.Logger, render Renderer, err error) {
	f := FailureOf(err)
	f.RequestID = RequestID(c)
	if f.Status >= 500 {
		log.Error("request failed", "request_id", f.RequestID, "kind", f.Kind, "err", err)
		if f.Kind == catalog.KindInternal {
			f.Message = "internal error; quote request id " + f.RequestID + " to the exchange operator"
		}
	}
	setHeaders(c.Writer.Header(), f)
	c.Abort()
	render(c, f)
}

// WriteProblem writes err as problem+json (RFC 9457).
func WriteProblem(c *gin.Context, log *slog.Logger, err error) {
	WriteError(c, log, RenderProblem, err)
}

// HandlerFor adapts a handler that returns an error to gin, writing any
// error through render. A route set answering in another format than
// problem+json (the CKAN API) wraps its handlers with its renderer.
func HandlerFor(log *slog.Logger, render Renderer, h func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(keyRenderer, render)
		if err := h(c); err != nil {
			WriteError(c, log, render, err)
		}
	}
}

// keyRenderer is the gin context key of the renderer of the handler being
// served, so that recovery answers a panic in the route's own format.
const keyRenderer = "gdx.renderer"

// rendererOf returns the renderer HandlerFor set on c, problem+json if none.
func rendererOf(c *gin.Context) Renderer {
	if r, ok := c.Get(keyRenderer); ok {
		return r.(Renderer)
	}
	return RenderProblem
}
