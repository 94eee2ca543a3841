package ckan

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// params is an action's data dict as ckanreq.Read returns it: strings and
// lists of strings from a form or query string, any JSON value from a JSON
// body.
type params map[string]any

// has reports whether the key is present.
func (p params) has(key string) bool {
	_, ok := p[key]
	return ok
}

// str returns the key's value as text, as CKAN's unicode_safe makes it.
func (p params) str(key string) string {
	switch v := p[key].(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "True"
		}
		return "False"
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// boolean reads a flag as CKAN's asbool does: true, yes, on, y, t, 1.
func (p params) boolean(key string, def bool) bool {
	if !p.has(key) {
		return def
	}
	if b, ok := p[key].(bool); ok {
		return b
	}
	switch strings.ToLower(strings.TrimSpace(p.str(key))) {
	case "true", "yes", "on", "y", "t", "1":
		return true
	}
	return false
}

// required returns a key's value or records CKAN's "Missing value".
func (p params) required(key string, errs httpapi.CKANFieldErrors) string {
	v := p.str(key)
	if !p.has(key) || v == "" {
		errs[key] = append(errs[key], "Missing value")
	}
	return v
}

// integer reads the key as CKAN's int_validator does: whole numbers only;
// an empty value counts as absent.
func (p params) integer(key string, errs httpapi.CKANFieldErrors) (int, bool) {
	if !p.has(key) || p[key] == nil || strings.TrimSpace(p.str(key)) == "" {
		return 0, false
	}
	s := strings.TrimSpace(p.str(key))
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int(f)) {
		return int(f), true
	}
	errs[key] = append(errs[key], "Invalid integer")
	return 0, false
}

// natural reads the key as CKAN's natural_number_validator does.
func (p params) natural(key string, errs httpapi.CKANFieldErrors) (int, bool) {
	n, ok := p.integer(key, errs)
	if ok && n < 0 {
		errs[key] = append(errs[key], "Must be a natural number")
		return 0, false
	}
	return n, ok
}

// positive reads the key as CKAN's is_positive_integer does.
func (p params) positive(key string, errs httpapi.CKANFieldErrors) (int, bool) {
	n, ok := p.integer(key, errs)
	if ok && n < 1 {
		errs[key] = append(errs[key], "Must be a positive integer")
		return 0, false
	}
	return n, ok
}

// stringList reads a list of strings; a string is parsed as JSON first
// when asJSON (CKAN's convert_to_json_if_string then list_of_strings),
// else taken as a one-item list (convert_to_list_if_string).
func (p params) stringList(key string, asJSON bool, errs httpapi.CKANFieldErrors) []string {
	v := p[key]
	if s, ok := v.(string); ok {
		if !asJSON {
			return []string{s}
		}
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			errs[key] = append(errs[key], "Could not parse as valid JSON")
			return nil
		}
	}
	list, ok := v.([]any)
	if !ok {
		errs[key] = append(errs[key], "Not a list")
		return nil
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			errs[key] = append(errs[key], fmt.Sprintf("Not a string: %v", x))
			return nil
		}
		out = append(out, s)
	}
	return out
}

// check returns errs as an error when it holds any.
func check(errs httpapi.CKANFieldErrors) error {
	if len(errs) > 0 {
		return errs
	}
	return nil
}
