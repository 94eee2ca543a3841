package publish

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// CKAN's error types (error.__type), as ckan/views/api.py names them.
const (
	TypeValidation    = "Validation Error"
	TypeNotFound      = "Not Found Error"
	TypeAuthorization = "Authorization Error"
	TypeInternal      = "Internal Server Error"
)

// CKAN's messages for a name already taken (package_name_validator,
// group_name_validator).
const (
	msgNameInUse    = "That URL is already in use."
	msgOrgNameInUse = "Group name already exists in database"
)

// APIError is an error answer of a CKAN action: its HTTP status, CKAN's
// error type and message, and for a validation error the messages of each
// field, keyed by the field's path ("name", "resources[0].url").
type APIError struct {
	Action  string              `json:"action"`
	Status  int                 `json:"status"`
	Type    string              `json:"type,omitempty"`
	Message string              `json:"message,omitempty"`
	Fields  map[string][]string `json:"fields,omitempty"`

	// notCKAN marks an answer that is not CKAN's: neither its envelope
	// nor the bare JSON string of its 400s (a proxy's page, a web site).
	notCKAN bool
}

// Error implements error: the action, the status and CKAN's own words.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "CKAN %s: %d", e.Action, e.Status)
	if e.Type != "" {
		b.WriteString(" " + e.Type)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if f := e.FieldSummary(); f != "" {
		b.WriteString(": " + f)
	}
	return b.String()
}

// FieldSummary lists the field messages, sorted by field, as
// "name: That URL is already in use.; owner_org: Missing value".
func (e *APIError) FieldSummary() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+strings.Join(e.Fields[k], " "))
	}
	return strings.Join(parts, "; ")
}

// IsNotFound reports whether err is CKAN's 404 Not Found Error (not a
// 404 page of something else at the URL).
func IsNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == http.StatusNotFound && e.Type == TypeNotFound
}

// IsForbidden reports whether err is CKAN's 403 Authorization Error: the
// token is missing, unknown or lacks the right.
func IsForbidden(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == http.StatusForbidden
}

// IsValidation reports whether err is CKAN's 409 Validation Error.
func IsValidation(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == http.StatusConflict
}

// parseError reads CKAN's error object: "__type", an optional "message",
// and for a validation error one entry per field whose value is a list of
// messages, or, for nested fields (resources, tags, extras), a list of
// objects of the same shape.
func parseError(raw json.RawMessage) *APIError {
	e := &APIError{Fields: map[string][]string{}}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		e.Message = bareMessage(raw, 0)
		return e
	}
	for k, v := range obj {
		switch k {
		case "__type":
			_ = json.Unmarshal(v, &e.Type)
		case "message":
			if json.Unmarshal(v, &e.Message) != nil {
				e.Message = string(v)
			}
		default:
			flattenField(k, v, e.Fields)
		}
	}
	if len(e.Fields) == 0 {
		e.Fields = nil
	}
	return e
}

// flattenField adds the messages under path to out.
func flattenField(path string, v json.RawMessage, out map[string][]string) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		out[path] = append(out[path], s)
		return
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(v, &obj) == nil {
		for k, sub := range obj {
			flattenField(path+"."+k, sub, out)
		}
		return
	}
	var list []json.RawMessage
	if json.Unmarshal(v, &list) != nil {
		out[path] = append(out[path], string(v))
		return
	}
	for i, item := range list {
		var msg string
		if json.Unmarshal(item, &msg) == nil {
			out[path] = append(out[path], msg)
			continue
		}
		flattenField(path+"["+strconv.Itoa(i)+"]", item, out)
	}
}

func asAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}
