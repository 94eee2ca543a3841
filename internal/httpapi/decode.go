package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/strictjson"
)

// Reason codes of refused JSON bodies, the same on every gdx API.
const (
	ReasonBodyTooLarge    = "body_too_large"
	ReasonBodyEmpty       = "body_empty"
	ReasonBodyMalformed   = "body_malformed"
	ReasonBodyNotUTF8     = "body_not_utf8"
	ReasonBodyNUL         = "body_nul"
	ReasonDuplicateMember = "duplicate_member"
	ReasonUnknownMember   = "unknown_member"
)

// MaxBodyDepth bounds the nesting of a JSON body.
const MaxBodyDepth = 32

// DecodeJSON reads one JSON object of at most limit bytes from r into v.
// It is the one decoder of every gdx body, and it refuses, rather than
// guesses at, what encoding/json alone would accept unfaithfully:
//
//   - a member given twice (encoding/json keeps the last, so two readers
//     of one body could disagree), or given once in a case that only
//     matches a field when case is ignored;
//   - a member v has no field for;
//   - invalid UTF-8 and lone UTF-16 surrogates (both silently become
//     U+FFFD), and a NUL in a string (valid JSON, but PostgreSQL cannot
//     store it);
//   - trailing data, nesting deeper than MaxBodyDepth, more than limit
//     bytes.
//
// Errors: too large (reason body_too_large), or invalid with one of the
// reasons above.
func DecodeJSON(r io.Reader, limit int64, v any) error {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || int64(len(data)) > limit:
		return catalog.Errorf(catalog.KindTooLarge, "the JSON text is larger than %d bytes", min(limit, limitOf(tooBig))).WithReason(ReasonBodyTooLarge)
	case err != nil:
		return catalog.Errorf(catalog.KindInvalid, "the body could not be read").WithReason(ReasonBodyMalformed).Wrap(err)
	case len(bytes.TrimSpace(data)) == 0:
		return catalog.Errorf(catalog.KindInvalid, "the body is empty; send a JSON object").WithReason(ReasonBodyEmpty)
	}
	if err := strictjson.Check(data, strictjson.Rules{MaxDepth: MaxBodyDepth, Names: strictjson.FieldNames(v), Text: noNUL}); err != nil {
		return bodyError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	return nil
}

var errNUL = errors.New("a string holds U+0000")

func noNUL(s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return errNUL
	}
	return nil
}

func limitOf(e *http.MaxBytesError) int64 {
	if e == nil {
		return 1<<63 - 1
	}
	return e.Limit
}

// bodyError turns a check or decoding failure into the caller's error.
func bodyError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var dup *strictjson.DuplicateError
	switch {
	case errors.As(err, &dup):
		return catalog.Errorf(catalog.KindInvalid, "member %.64q appears more than once (names are compared ignoring case)", dup.Name).WithReason(ReasonDuplicateMember)
	case errors.Is(err, errNUL):
		return catalog.Errorf(catalog.KindInvalid, "a string in the body holds U+0000 (NUL), which the exchange cannot store").WithReason(ReasonBodyNUL)
	case errors.Is(err, strictjson.ErrNotUTF8):
		return catalog.Errorf(catalog.KindInvalid, "the body is not valid UTF-8 (RFC 8259 §8.1): %v", err).WithReason(ReasonBodyNotUTF8)
	case errors.Is(err, strictjson.ErrCaseVariant):
		return catalog.Errorf(catalog.KindInvalid, "%v; member names are case-sensitive", err).WithReason(ReasonUnknownMember)
	case errors.As(err, &typeErr):
		return catalog.Errorf(catalog.KindInvalid, "member %q must be %s, not a JSON %s", typeErr.Field, jsonKind(typeErr), typeErr.Value).WithReason(ReasonBodyMalformed)
	case unknownField(err) != "":
		name, _ := strconv.Unquote(unknownField(err))
		return catalog.Errorf(catalog.KindInvalid, "unknown member %.64q; this endpoint does not take it", name).WithReason(ReasonUnknownMember)
	}
	return catalog.Errorf(catalog.KindInvalid, "the body is not the JSON this endpoint takes: %v", err).WithReason(ReasonBodyMalformed)
}

// unknownField returns the quoted member name of encoding/json's
// unknown-field error (it has no type of its own), or "".
func unknownField(err error) string {
	const prefix = "json: unknown field "
	if msg := err.Error(); len(msg) > len(prefix) && msg[:len(prefix)] == prefix {
		return msg[len(prefix):]
	}
	return ""
}

// jsonKind names the JSON a Go type takes, for error messages.
func jsonKind(e *json.UnmarshalTypeError) string {
	switch k := e.Type.Kind().String(); k {
	case "slice", "array":
		return "a list"
	case "struct", "map":
		return "an object"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	default:
		return "a number"
	}
}
