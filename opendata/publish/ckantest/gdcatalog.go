package ckantest

import (
	"fmt"
	"slices"

	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata"
)

// Schema selects the dataset schema the server validates with.
type Schema int

const (
	// ThaiGDC is CKAN with ckanext-scheming and ckanext-thai_gdc's
	// dataset schema (data.go.th and the agency portals built on it):
	// the GD-Catalog fields are kept at the top level, its required
	// fields must be filled and its checked choices hold. The default.
	ThaiGDC Schema = iota
	// Core is a stock CKAN: fields outside CKAN's default schema, the
	// GD-Catalog ones included, are dropped ('__extras': [ignore]).
	Core
)

// SetSchema switches the dataset schema for the calls that follow.
func (s *Server) SetSchema(schema Schema) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.schema = schema
}

// gdText are the free-text GD-Catalog fields of thai_gdc's schema.
var gdText = []string{"data_type", "update_frequency_unit", "update_frequency_interval", "geo_coverage",
	"data_source", "data_category", "allow_harvest", "accessible_condition", "created_date",
	"last_updated_date", "data_type_other", "objective_other", "update_frequency_unit_other",
	"geo_coverage_other", "data_format_other", "data_language_other", "license_id_other"}

// gdMultiple are its scheming_multiple_choice fields, stored as lists in
// the order of the schema's choices.
var gdMultiple = []string{"objective", "data_format", "data_language"}

// gdRequired are the fields whose validators are not_empty or
// scheming_required under the schema (a field with its own validators
// is required only if they say so; "required" alone marks the form).
var gdRequired = []string{"data_type", "maintainer", "maintainer_email", "notes", "update_frequency_unit",
	"geo_coverage", "data_source", "data_category", "license_id"}

// gdAtLeastOne are the required multiple-choice fields.
var gdAtLeastOne = []string{"objective", "data_format"}

// validateGDCatalog keeps and checks the GD-Catalog fields as the
// ThaiGDC schema does; under Core they are dropped.
func (s *Server) validateGDCatalog(in, p, errs dict) {
	if s.schema == Core {
		return
	}
	for _, k := range gdText {
		p[k] = str(in[k])
	}
	// data_category is a "select" preset: scheming_required scheming_choices.
	if v := p["data_category"].(string); v != "" && !slices.Contains(opendata.Choices["data_category"], v) {
		errs["data_category"] = []string{"Value must be one of " + httpapi.PythonListRepr(opendata.Choices["data_category"])}
	}
	for _, k := range gdMultiple {
		validateMultipleChoice(k, in[k], p, errs)
	}
	for _, k := range gdRequired {
		if _, bad := errs[k]; !bad && str(p[k]) == "" {
			errs[k] = []string{"Missing value"}
		}
	}
	for _, k := range gdAtLeastOne {
		if _, bad := errs[k]; !bad && len(p[k].([]string)) == 0 {
			errs[k] = []string{"Select at least one"}
		}
	}
}

// validateMultipleChoice is scheming_multiple_choice: a string or a list
// of strings, each one of the field's choices.
func validateMultipleChoice(k string, v any, p, errs dict) {
	p[k] = []string{}
	var given []string
	switch x := v.(type) {
	case nil:
	case string:
		given = []string{x}
	case []any:
		for _, e := range x {
			given = append(given, str(e))
		}
	default:
		errs[k] = []string{"expecting list of strings"}
		return
	}
	var msgs []string
	for _, g := range given {
		if !slices.Contains(opendata.Choices[k], g) {
			msgs = append(msgs, fmt.Sprintf("unexpected choice \"%s\"", g))
		}
	}
	if len(msgs) > 0 {
		errs[k] = msgs
		return
	}
	ordered := []string{}
	for _, c := range opendata.Choices[k] {
		if slices.Contains(given, c) {
			ordered = append(ordered, c)
		}
	}
	p[k] = ordered
}
