package datastore

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// Search limits, as CKAN configures them by default
// (ckan.datastore.search.rows_default and rows_max).
const (
	DefaultLimit = 100
	MaxLimit     = 32000
)

// Records formats (datastore_search's records_format).
const (
	FormatObjects = "objects"
	FormatLists   = "lists"
	FormatCSV     = "csv"
	FormatTSV     = "tsv"
)

var recordsFormats = []string{FormatObjects, FormatLists, FormatCSV, FormatTSV}

// searchKeys are the parameters datastore_search_schema knows; any other
// is junk.
var searchKeys = []string{"resource_id", "id", "q", "plain", "filters", "language", "limit", "offset",
	"fields", "sort", "distinct", "include_total", "total_estimation_threshold", "records_format", "full_text"}

// search is a validated datastore_search request, before it meets its
// table.
type search struct {
	resourceID    string
	q             any // string or map[string]any; nil for none
	filters       any // map[string]any once checked
	fields        []string
	sort          []string
	limit, offset int64
	distinct      bool
	includeTotal  bool
	recordsFormat string
	// echo is the validated data dict CKAN returns beside the records.
	echo map[string]any
}

// parseSearch applies datastore_search_schema: every problem by field,
// as navl collects them.
func parseSearch(p params) (*search, error) {
	errs := httpapi.CKANFieldErrors{}
	if p.present("id") && text(p["id"]) != "" {
		p["resource_id"] = p["id"] // the schema's __before: rename('id', 'resource_id')
	}
	delete(p, "id")
	s := &search{echo: map[string]any{}}
	s.resourceID = text(p["resource_id"])
	if p.blank("resource_id") {
		errs["resource_id"] = []string{"Missing value"}
	}
	s.echo["resource_id"] = s.resourceID
	s.parseText(p, errs)
	s.parseNumbers(p, errs)
	s.parseLists(p, errs)
	s.parseFlags(p, errs)
	if junk := junkKeys(p); len(junk) > 0 {
		errs["__junk"] = []string{"The input field " + httpapi.PythonListRepr(junk) + " was not expected."}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

func (s *search) parseText(p params, errs httpapi.CKANFieldErrors) {
	if p.present("q") {
		s.q = textOrObject(p["q"])
		s.echo["q"] = s.q
	}
	if p.present("full_text") && s.q == nil {
		s.q = text(p["full_text"]) // the same search over every text field
	}
	if p.present("full_text") {
		s.echo["full_text"] = text(p["full_text"])
	}
	if p.present("language") {
		s.echo["language"] = text(p["language"])
	}
	if p.present("filters") {
		v, ok := jsonValue(p["filters"])
		if !ok {
			errs["filters"] = []string{"Cannot parse JSON"}
		}
		s.filters = v
		s.echo["filters"] = v
	}
}

func (s *search) parseNumbers(p params, errs httpapi.CKANFieldErrors) {
	s.limit = DefaultLimit
	if !p.blank("limit") {
		switch n, blank, ok := integer(p["limit"]); {
		case !ok:
			errs["limit"] = []string{"Invalid integer"}
		case blank:
		case n < 0:
			errs["limit"] = []string{"Must be a natural number"}
		default:
			s.limit = min(n, MaxLimit)
		}
	}
	s.echo["limit"] = s.limit
	if p.present("offset") {
		switch n, blank, ok := integer(p["offset"]); {
		case !ok:
			errs["offset"] = []string{"Invalid integer"}
		case blank:
			s.echo["offset"] = nil
		default:
			s.offset = n
			s.echo["offset"] = n
		}
	}
	s.echo["total_estimation_threshold"] = nil
	if !p.blank("total_estimation_threshold") {
		n, _, ok := integer(p["total_estimation_threshold"])
		if !ok {
			errs["total_estimation_threshold"] = []string{"Invalid integer"}
		}
		s.echo["total_estimation_threshold"] = n
	}
}

func (s *search) parseLists(p params, errs httpapi.CKANFieldErrors) {
	for _, key := range []string{"fields", "sort"} {
		if !p.present(key) {
			continue
		}
		list, msg := stringList(p[key], key == "fields")
		if msg != "" {
			errs[key] = []string{msg}
			continue
		}
		s.echo[key] = p[key]
		if key == "fields" {
			s.fields = list
		} else {
			s.sort = list
		}
	}
}

func (s *search) parseFlags(p params, errs httpapi.CKANFieldErrors) {
	if p.present("distinct") {
		s.distinct = boolean(p["distinct"])
		s.echo["distinct"] = s.distinct
	}
	if p.present("plain") {
		s.echo["plain"] = boolean(p["plain"])
	}
	s.includeTotal = p.blank("include_total") || boolean(p["include_total"])
	s.echo["include_total"] = s.includeTotal
	s.recordsFormat = FormatObjects
	if !p.blank("records_format") {
		s.recordsFormat = text(p["records_format"])
		if !slices.Contains(recordsFormats, s.recordsFormat) {
			errs["records_format"] = []string{"Value must be one of " + httpapi.PythonListRepr(recordsFormats)}
		}
	}
	s.echo["records_format"] = s.recordsFormat
}

// junkKeys returns the parameters the schema does not know, sorted.
func junkKeys(p params) []string {
	var junk []string
	for k := range p {
		if !slices.Contains(searchKeys, k) {
			junk = append(junk, k)
		}
	}
	slices.Sort(junk)
	return junk
}

// textOrObject is CKAN's unicode_or_json_validator: a JSON object stays
// an object, anything else becomes text.
func textOrObject(v any) any {
	if m, ok := v.(map[string]any); ok {
		return m
	}
	if s, ok := v.(string); ok {
		var m map[string]any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if dec.Decode(&m) == nil && m != nil && !dec.More() {
			return m
		}
		return s
	}
	return text(v)
}

// jsonValue is CKAN's json_validator: objects and lists stay as they
// are, text is parsed as JSON.
func jsonValue(v any) (any, bool) {
	switch v.(type) {
	case map[string]any, []any:
		return v, true
	}
	var out any
	dec := json.NewDecoder(strings.NewReader(text(v)))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil || dec.More() {
		return nil, false
	}
	return out, true
}

// stringList is list_of_strings_or_string followed by CKAN's get_list: a
// string is split at commas, every item trimmed (and, for fields, a pair
// of surrounding double quotes dropped).
func stringList(v any, unquote bool) ([]string, string) {
	var items []string
	switch v := v.(type) {
	case string:
		if v != "" {
			items = strings.Split(v, ",")
		}
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, "Neither a string nor a list: " + text(x)
			}
			items = append(items, s)
		}
	default:
		return nil, "Not a list"
	}
	for i, it := range items {
		it = strings.TrimSpace(it)
		if unquote && len(it) > 1 && it[0] == '"' && it[len(it)-1] == '"' {
			it = strings.Trim(it, `"`)
		}
		items[i] = it
	}
	return items, ""
}

// sortClause is CKAN's _parse_sort_clause: a field, optionally quoted,
// then asc or desc, then nulls first or last.
var sortClause = regexp.MustCompile(`(?i)^(.+?)( +(asc|desc))?( nulls +(first|last) *)?$`)
