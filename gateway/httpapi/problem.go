package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
)

// Problem is an RFC 9457 problem details body, with gdx's reason code and
// request id as extension members.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Reason    string `json:"reason,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// problemTypeBase prefixes the type of every problem the gateway itself
// produces, so a caller can tell them from the owning agency's errors.
const problemTypeBase = "urn:gdx:problem:gateway:"

// HeaderErrorSource marks responses whose error the gateway produced.
const HeaderErrorSource = "GDX-Error-Source"

var kindStatus = map[catalog.Kind]int{
	catalog.KindInvalid:         http.StatusBadRequest,
	catalog.KindNotFound:        http.StatusNotFound,
	catalog.KindConflict:        http.StatusConflict,
	catalog.KindUnauthenticated: http.StatusUnauthorized,
	catalog.KindForbidden:       http.StatusForbidden,
	catalog.KindRateLimited:     http.StatusTooManyRequests,
	catalog.KindUnavailable:     http.StatusServiceUnavailable,
	catalog.KindUpstream:        http.StatusBadGateway,
	catalog.KindTimeout:         http.StatusGatewayTimeout,
	catalog.KindInternal:        http.StatusInternalServerError,
}

// RetryAfter may wrap a rate-limit error to tell the caller when to retry.
type RetryAfter struct {
	After time.Duration
	Err   error
}

func (r *RetryAfter) Error() string { return r.Err.Error() }
func (r *RetryAfter) Unwrap() error { return r.Err }

// WriteProblem writes err as problem+json. It is the only place that turns
// errors into HTTP: 5xx bodies show only the request id and the cause is
// logged; 401 adds WWW-Authenticate and 429 adds Retry-After.
func WriteProblem(c *gin.Context, log *slog.Logger, err error) {
	kind := catalog.ErrorKind(err)
	status := kindStatus[kind]
	p := Problem{
		Type:      problemTypeBase + string(kind),
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    catalog.ErrorMessage(err),
		Reason:    catalog.ErrorReason(err),
		RequestID: RequestID(c),
	}
	if status >= 500 {
		log.Error("request failed", "request_id", p.RequestID, "kind", kind, "err", err)
		if kind == catalog.KindInternal {
			p.Detail = "internal error; quote request id " + p.RequestID + " to the exchange operator"
		}
	}
	h := c.Writer.Header()
	h.Set(HeaderErrorSource, "gateway")
	if status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", bearerChallenge(p))
	}
	var ra *RetryAfter
	if errors.As(err, &ra) {
		h.Set("Retry-After", strconv.Itoa(int(ra.After.Round(time.Second)/time.Second)+1))
	}
	c.Abort()
	c.Render(status, problemRender{p})
}

func bearerChallenge(p Problem) string {
	desc := p.Reason
	if desc == "" {
		desc = "authentication required"
	}
	return `Bearer realm="gdx", error="invalid_token", error_description="` + desc + `"`
}

// problemRender renders a Problem with the problem+json content type.
type problemRender struct{ p Problem }

func (r problemRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(r.p)
}

func (r problemRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}
