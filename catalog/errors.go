package catalog

import (
	"errors"
	"fmt"
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

// Error is an application error: a kind, a message that is safe to show the
// caller, an optional stable reason code, and the wrapped cause, which is
// logged and never sent.
type Error struct {
	Kind    Kind
	Message string
	Reason  string
	Err     error
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
		return "database_unavailable"
	}
	return ""
}

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool { return ErrorKind(err) == k }
