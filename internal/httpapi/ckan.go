package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
)

// CKAN's error types, as ckan/views/api.py names them in error.__type.
const (
	CKANNotFoundError      = "Not Found Error"
	CKANValidationError    = "Validation Error"
	CKANAuthorizationError = "Authorization Error"
	CKANSearchQueryError   = "Search Query Error"
	CKANInternalError      = "Internal Server Error"
)

// CKANContentType is the content type of every Action API answer.
const CKANContentType = "application/json;charset=utf-8"

// CKANFieldErrors is a CKAN Validation Error with its messages by field,
// as the navl validators produce them: {"rows": ["Invalid integer"]}.
type CKANFieldErrors map[string][]string

// Error implements error.
func (e CKANFieldErrors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + strings.Join(e[k], "; ")
	}
	return "validation: " + strings.Join(parts, ", ")
}

// CKANQueryError is a CKAN Search Query Error: a search parameter Solr
// (or our index) cannot run.
type CKANQueryError struct{ Message string }

// Error implements error.
func (e *CKANQueryError) Error() string { return "search query: " + e.Message }

// CKANError returns the HTTP status and the error object that CKAN's
// Action API answers err with (ckan/views/api.py, action); see
// CKANErrorFrom.
func CKANError(err error) (int, map[string]any) {
	return CKANErrorFrom(catalog.ErrorKind(err), catalog.ErrorMessage(err), func(target any) bool {
		return errors.As(err, target)
	})
}

// CKANErrorFrom maps an error's kind and public message to CKAN's status
// and error object: field errors and invalid or conflicting input are a
// Validation Error (409), a missing thing Not Found (404), a refusal an
// Authorization Error (403), a bad search a Search Query Error (400).
// Everything else is CKAN's Internal Server Error (500; 503 when the
// database is unavailable, so that clients retry) whose message never
// shows the cause. as reads the error's details, as errors.As does; it
// is the seam for a renderer that holds the error behind another type.
func CKANErrorFrom(kind catalog.Kind, msg string, as func(target any) bool) (int, map[string]any) {
	var fields CKANFieldErrors
	if as(&fields) {
		body := map[string]any{"__type": CKANValidationError}
		for k, v := range fields {
			body[k] = v
		}
		return http.StatusConflict, body
	}
	var qe *CKANQueryError
	if as(&qe) {
		return http.StatusBadRequest, map[string]any{"__type": CKANSearchQueryError,
			"message": "Search Query is invalid: " + PythonRepr(qe.Message)}
	}
	switch kind {
	case catalog.KindInvalid, catalog.KindConflict:
		return http.StatusConflict, map[string]any{"__type": CKANValidationError, "message": msg}
	case catalog.KindNotFound:
		return http.StatusNotFound, map[string]any{"__type": CKANNotFoundError, "message": prefixed("Not found", msg)}
	case catalog.KindForbidden, catalog.KindUnauthenticated:
		return http.StatusForbidden, map[string]any{"__type": CKANAuthorizationError, "message": prefixed("Access denied", msg)}
	case catalog.KindTooLarge:
		return http.StatusRequestEntityTooLarge, map[string]any{"__type": CKANValidationError, "message": msg}
	case catalog.KindRateLimited:
		return http.StatusTooManyRequests, map[string]any{"__type": CKANValidationError, "message": msg}
	case catalog.KindUnavailable:
		return http.StatusServiceUnavailable, map[string]any{"__type": CKANInternalError, "message": msg}
	}
	return http.StatusInternalServerError, map[string]any{"__type": CKANInternalError, "message": "Internal Server Error"}
}

// prefixed writes CKAN's "Not found: …" and "Access denied: …" forms; an
// empty message leaves the bare prefix, as CKAN does for NotFound().
func prefixed(prefix, msg string) string {
	if msg == "" {
		return prefix
	}
	return prefix + ": " + msg
}

// ckanEnvelope is the Action API answer: help, success and result, or
// error in place of result.
type ckanEnvelope struct {
	Help    string         `json:"help"`
	Success bool           `json:"success"`
	Result  any            `json:"result"`
	Error   map[string]any `json:"error,omitempty"`
}

type ckanErrorEnvelope struct {
	Help    string         `json:"help"`
	Success bool           `json:"success"`
	Error   map[string]any `json:"error"`
}

// WriteCKAN writes a successful Action API answer. A GET with a callback
// parameter gets CKAN's JSONP form.
func WriteCKAN(c *gin.Context, help string, result any) {
	writeCKAN(c, http.StatusOK, ckanEnvelope{Help: help, Success: true, Result: result})
}

// WriteCKANError writes err as CKAN's error envelope (see CKANError). A
// 5xx is logged with the request id; its body never shows the cause.
func WriteCKANError(c *gin.Context, log *slog.Logger, help string, err error) {
	status, body := CKANError(err)
	if status >= 500 && log != nil {
		log.Error("ckan action failed", "request_id", RequestID(c), "kind", catalog.ErrorKind(err), "err", err)
	}
	c.Abort()
	writeCKAN(c, status, ckanErrorEnvelope{Help: help, Success: false, Error: body})
}

// WriteCKANBadRequest writes CKAN's bare 400 answer, a JSON string
// "Bad request: msg", which it gives for an unknown action and for request
// data it cannot decode.
func WriteCKANBadRequest(c *gin.Context, msg string) {
	c.Abort()
	writeCKAN(c, http.StatusBadRequest, "Bad request: "+msg)
}

func writeCKAN(c *gin.Context, status int, v any) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status, b = http.StatusInternalServerError, strings.Builder{}
		b.WriteString(`{"success": false, "error": {"__type": "Internal Server Error", "message": "Internal Server Error"}}`)
	}
	body, ctype := strings.TrimSuffix(b.String(), "\n"), CKANContentType
	if cb := c.Query("callback"); cb != "" && status == http.StatusOK && c.Request.Method == http.MethodGet {
		body, ctype = html.EscapeString(cb)+"("+body+");", "application/javascript;charset=utf-8"
	}
	c.Data(status, ctype, []byte(body))
}

// PythonRepr returns Python's repr of a str, which CKAN's messages embed
// ("Search Query is invalid: %r"): single quotes unless the text holds a
// single quote and no double one, backslash escapes for the quote,
// backslash and control characters, printable non-ASCII left as it is.
func PythonRepr(s string) string {
	quote := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == '\\' || r == rune(quote):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r > 0x7f && !unicode.IsPrint(r):
			b.WriteString(strings.Trim(strconv.QuoteRuneToASCII(r), "'"))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// PythonListRepr returns Python's repr of a list of str: ['a', 'b'].
func PythonListRepr(xs []string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = PythonRepr(x)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
