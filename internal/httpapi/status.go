package httpapi

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Failure is an error as the HTTP layer answers it, before any body
// format: every Renderer writes its body from a Failure, so the formats
// cannot disagree on status, message or reason.
type Failure struct {
	// Status is the HTTP status of the error's kind.
	Status int
	Kind   catalog.Kind
	// Source is who failed: the exchange or the owning agency.
	Source catalog.Source
	// Message is safe to show; for internal errors WriteError replaces it
	// with a text that quotes the request id.
	Message string
	// Reason is the stable reason code, "" when there is none.
	Reason string
	// RetryAfter is how long the caller should wait, 0 when it need not.
	RetryAfter time.Duration
	// Reasons, DecisionID and PolicyVersion explain a policy refusal.
	Reasons       []string
	DecisionID    string
	PolicyVersion string
	// RequestID is set by WriteError; a Failure built by FailureOf for a
	// part of an answer (one key of a batch) has none.
	RequestID string
	// err is the error itself, which renderers reach only through As.
	err error
}

// As finds the first error in the failure's chain that matches target, as
// errors.As does, so that a renderer can read the details its format
// carries (CKAN's errors by field) from an error type of its own. The
// cause's text is not for any body.
func (f Failure) As(target any) bool {
	return f.err != nil && errors.As(f.err, target)
}

// DecisionInfo is implemented by errors that carry a policy decision, so
// the answer can name its reasons, id and policy version.
type DecisionInfo interface {
	DecisionInfo() (reasons []string, decisionID, policyVersion string)
}

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

// Status returns the HTTP status err is answered with: 200 for nil.
func Status(err error) int {
	if err == nil {
		return http.StatusOK
	}
	return kindStatus[catalog.ErrorKind(err)]
}

// FailureOf maps err, without a request id: the kind gives the status,
// the error's data its source and retry-after, a decision its reasons.
// Internal causes never show.
func FailureOf(err error) Failure {
	kind := catalog.ErrorKind(err)
	f := Failure{Status: kindStatus[kind], Kind: kind, Source: catalog.ErrorSource(err),
		Message: catalog.ErrorMessage(err), Reason: catalog.ErrorReason(err), RetryAfter: catalog.ErrorRetryAfter(err), err: err}
	var di DecisionInfo
	if errors.As(err, &di) {
		f.Reasons, f.DecisionID, f.PolicyVersion = di.DecisionInfo()
	}
	return f
}

// HeaderErrorSource names who produced an error answer: "gateway" (the
// exchange) or "upstream" (the owning agency).
const HeaderErrorSource = "GDX-Error-Source"

// setHeaders writes the headers every format of f shares.
func setHeaders(h http.Header, f Failure) {
	h.Set(HeaderErrorSource, sourceName(f.Source))
	if f.Status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", bearerChallenge(f.Reason))
	}
	if f.RetryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(retryAfterSeconds(f.RetryAfter)))
	}
}

// sourceName is the wire name of a source, in GDX-Error-Source and in
// problem types.
func sourceName(s catalog.Source) string {
	if s == catalog.SourceOwner {
		return "upstream"
	}
	return "gateway"
}

// retryAfterSeconds is never less than d, so that a caller waiting as told
// finds a token in the bucket.
func retryAfterSeconds(d time.Duration) int {
	return int(d.Round(time.Second)/time.Second) + 1
}

func bearerChallenge(reason string) string {
	if reason == "" {
		reason = "authentication required"
	}
	return `Bearer realm="gdx", error="invalid_token", error_description="` + reason + `"`
}
