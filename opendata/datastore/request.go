package datastore

import (
	"encoding/json"
	"strconv"
	"strings"
)

// params is an action's data dict as ckanreq.Read returns it: strings and
// lists of strings from a query string or form, any JSON value from a JSON
// body.
type params map[string]any

// present reports whether the key is there with a value navl does not
// treat as missing (None).
func (p params) present(key string) bool {
	v, ok := p[key]
	return ok && v != nil
}

// blank reports what navl's default() treats as missing: absent, None or
// the empty string.
func (p params) blank(key string) bool {
	v, ok := p[key]
	return !ok || v == nil || v == ""
}

// text renders a value as Python's str() would for the values JSON gives.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "True"
		}
		return "False"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// boolean reads a flag as CKAN's boolean_validator does: true, yes, t, y
// and 1 (any case) are true, everything else false.
func boolean(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case nil:
		return false
	case json.Number:
		return v.String() == "1"
	}
	switch strings.ToLower(text(v)) {
	case "true", "yes", "t", "y", "1":
		return true
	}
	return false
}

// integer reads a value as CKAN's int_validator does: whole numbers in
// base 10 or whole floats; ok false with blank for None or blank text.
func integer(v any) (n int64, blank, ok bool) {
	if v == nil {
		return 0, true, true
	}
	if b, isBool := v.(bool); isBool {
		if b {
			return 1, false, true
		}
		return 0, false, true
	}
	s := strings.TrimSpace(text(v))
	if s == "" {
		return 0, true, true
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, false, true
	}
	if _, isNum := v.(json.Number); isNum {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int64(f)) {
			return int64(f), false, true
		}
	}
	return 0, false, false
}
