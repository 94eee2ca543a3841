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
	// Reasons, DecisionID and PolicyVersion explain a policy refusal.
	Reasons       []string `json:"reasons,omitempty"`
	DecisionID    string   `json:"decision_id,omitempty"`
	PolicyVersion string   `json:"policy_version,omitempty"`
}

// DecisionInfo is implemented by errors that carry a policy decision, so
// the problem body can name its reasons, id and policy version.
type DecisionInfo interface {
	DecisionInfo() (reasons []string, decisionID, policyVersion string)
}

// upstreamError marks an error that the owning agency produced, so that
// the caller can tell it from the gateway's own.
type upstreamError struct{ err error }

func (e *upstreamError) Error() string { return e.err.Error() }
func (e *upstreamError) Unwrap() error { return e.err }

// FromUpstream marks err as the owning agency's answer (or its absence):
// its problem type and the GDX-Error-Source header say "upstream".
func FromUpstream(err error) error {
	if err == nil {
		return nil
	}
	return &upstreamError{err}
}

// Status returns the HTTP status err is answered with.
func Status(err error) int {
	if err == nil {
		return http.StatusOK
	}
	return kindStatus[catalog.ErrorKind(err)]
}

// problemTypeBase prefixes the type of every problem the gateway itself
// produces, so a caller can tell them from the owning agency's errors.
const problemTypeBase = "urn:gdx:problem:gateway:"

// upstreamTypeBase prefixes problems about the owning agency's answer.
const upstreamTypeBase = "urn:gdx:problem:upstream:"

// HeaderErrorSource marks responses whose error the gateway produced.
const HeaderErrorSource = "GDX-Error-Source"

var kindStatus = map[catalog.Kind]int{
	catalog.KindInvalid:         http.StatusBadRequest,
	catalog.KindNotFound:        http.StatusNotFound,
	catalog.KindConflict:        http.StatusConflict,
	catalog.KindUnauthenticated: http.StatusUnauthorized,
	catalog.KindForbidden:       http.StatusForbidden,
	catalog.KindRateLimited:     http.StatusTooManyRequests,
	catalog.KindTooLarge:        http.StatusRequestEntityTooLarge,
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
	p := ProblemOf(err)
	kind, status := catalog.ErrorKind(err), p.Status
	p.RequestID = RequestID(c)
	if status >= 500 {
		log.Error("request failed", "request_id", p.RequestID, "kind", kind, "err", err)
		if kind == catalog.KindInternal {
			p.Detail = "internal error; quote request id " + p.RequestID + " to the exchange operator"
		}
	}
	h := c.Writer.Header()
	h.Set(HeaderErrorSource, "gateway")
	if errors.As(err, new(*upstreamError)) {
		h.Set(HeaderErrorSource, "upstream")
	}
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

// ProblemOf builds the problem body of err without a request id: the kind
// gives the status, an upstream error its type, a decision its reasons.
// Internal causes never show.
func ProblemOf(err error) Problem {
	kind := catalog.ErrorKind(err)
	status := kindStatus[kind]
	p := Problem{Type: problemTypeBase + string(kind), Title: http.StatusText(status), Status: status,
		Detail: catalog.ErrorMessage(err), Reason: catalog.ErrorReason(err)}
	if errors.As(err, new(*upstreamError)) {
		p.Type = upstreamTypeBase + string(kind)
	}
	var di DecisionInfo
	if errors.As(err, &di) {
		p.Reasons, p.DecisionID, p.PolicyVersion = di.DecisionInfo()
	}
	return p
}
