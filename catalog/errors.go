package catalog

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error for the layer that answers the caller. Each kind
// maps to one HTTP status in the gateway.
type Kind string

// The error kinds.
const (
	KindInvalid         Kind = "invalid"
	KindNotFound        Kind = "not_found"
	KindConflict        Kind = "conflict"
	KindUnauthenticated Kind = "unauthenticated"
	KindForbidden       Kind = "forbidden"
	KindRateLimited     Kind = "rate_limited"
	KindTooLarge        Kind = "too_large"
	KindUnavailable     Kind = "unavailable"
	KindUpstream        Kind = "upstream"
	KindTimeout         Kind = "timeout"
	KindInternal        Kind = "internal"
)

// Source says who failed: the exchange itself, or the agency that owns the
// data (its answer, or its silence). The caller needs to know whom to ask.
type Source string

// The sources of an error.
const (
	SourceExchange Source = "exchange"
	SourceOwner    Source = "owner"
)

// Error is an application error: a kind, a message that is safe to show the
// caller, an optional stable reason code, when to retry, who failed, and the
// wrapped cause, which is logged and never sent.
type Error struct {
	Kind    Kind
	Message string
	Reason  string
	// RetryAfter, when positive, is how long the caller should wait
	// before trying again (a rate limit).
	RetryAfter time.Duration
	// Source is who failed; empty means the exchange.
	Source Source
	Err    error
}

// Error implements error.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error of kind k with a formatted public message.
func Errorf(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// WithReason returns a copy of e carrying the stable reason code.
func (e *Error) WithReason(code string) *Error {
	c := *e
	c.Reason = code
	return &c
}

// WithRetryAfter returns a copy of e telling the caller to wait d.
func (e *Error) WithRetryAfter(d time.Duration) *Error {
	c := *e
	c.RetryAfter = d
	return &c
}

// Wrap returns a copy of e that wraps cause.
func (e *Error) Wrap(cause error) *Error {
	c := *e
	c.Err = cause
	return &c
}

// ErrorKind returns the kind of the first *Error in err's chain, KindInternal
// for any other non-nil error and "" for nil.
func ErrorKind(err error) Kind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	// NOTE: storage errors say "retry later" by answering Unavailable()
	// true (sqldb.ErrUnavailable), so catalog needs no driver import.
	var u interface{ Unavailable() bool }
	if errors.As(err, &u) && u.Unavailable() {
		return KindUnavailable
	}
	return KindInternal
}

// ErrorMessage returns the public message of err: the message of its *Error,
// or a generic text for internal errors so that causes never leak.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != KindInternal {
		return e.Message
	}
	if ErrorKind(err) == KindUnavailable {
		return "the exchange's database is unavailable; retry in a few seconds"
	}
	return "internal error"
}

// ErrorReason returns the stable reason code of err's *Error, if any.
func ErrorReason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	if ErrorKind(err) == KindUnavailable {
		return ReasonDatabaseUnavailable
	}
	return ""
}

// FromOwner marks err as the owning agency's failure, keeping its kind,
// message and reason; nil stays nil.
func FromOwner(err error) error {
	if err == nil {
		return nil
	}
	// NOTE: an *Error itself is copied rather than wrapped, so that its
	// text in the logs is not repeated.
	if e, ok := err.(*Error); ok {
		c := *e
		c.Source = SourceOwner
		return &c
	}
	return &Error{Kind: ErrorKind(err), Message: ErrorMessage(err), Reason: ErrorReason(err),
		RetryAfter: ErrorRetryAfter(err), Source: SourceOwner, Err: err}
}

// ErrorSource returns who failed according to err's first *Error:
// SourceOwner if it says so, else SourceExchange.
func ErrorSource(err error) Source {
	var e *Error
	if errors.As(err, &e) && e.Source == SourceOwner {
		return SourceOwner
	}
	return SourceExchange
}

// ErrorRetryAfter returns how long err's first *Error tells the caller to
// wait, 0 when it says nothing.
func ErrorRetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) && e.RetryAfter > 0 {
		return e.RetryAfter
	}
	return 0
}

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool { return ErrorKind(err) == k }
