package ckantest

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/google/uuid"
)

var (
	nameChars = regexp.MustCompile(`^[a-z0-9_\-]*$`)
	// coreTagChars is CKAN's tag_name_validator, [\w \-.]*$ under
	// Python's re.UNICODE: letters, numbers and '_' of any script, but not
	// the Thai vowel and tone marks (combining marks), so a stock CKAN
	// answers 409 to most Thai tags ("ใบอนุญาต" holds the mark "ุ").
	coreTagChars = regexp.MustCompile(`^[\p{L}\p{N}_ \-.]*$`)
	// thaiTagChars widens it by the Thai block ก-๙, as ckanext-thai_gdc's
	// own tag_name_validator does.
	thaiTagChars = regexp.MustCompile(`^[\p{L}\p{N}_ \-.\x{0E01}-\x{0E59}]*$`)
)

// nameError is name_validator's verdict on a package or organisation
// name ("" when valid), with not_empty's "Missing value" first.
func nameError(name string) string {
	switch n := utf8.RuneCountInString(name); {
	case name == "":
		return "Missing value"
	case name == "new" || name == "edit" || name == "search":
		return "That name cannot be used"
	case n < 2:
		return "Must be at least 2 characters long"
	case n > 100:
		return "Name must be a maximum of 100 characters long"
	case !nameChars.MatchString(name):
		return "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"
	}
	return ""
}

// coreStrings are the package fields of CKAN's default schema kept as
// strings.
var coreStrings = []string{"title", "notes", "url", "author", "author_email", "maintainer",
	"maintainer_email", "version", "license_id", "type"}

// validatePackage applies the create schema (old == nil) or the update
// schema to in and returns the package to store and the field errors.
// Keys outside the schema are dropped, as CKAN's '__extras': [ignore].
func (s *Server) validatePackage(in dict, old dict) (dict, dict) {
	errs := dict{}
	p := dict{}
	s.validateIdentity(in, old, p, errs)
	for _, k := range coreStrings {
		p[k] = str(in[k])
	}
	if p["title"] == "" {
		p["title"] = p["name"]
	}
	p["type"] = firstNonEmpty(str(p["type"]), "dataset")
	p["private"] = in["private"] == true || in["private"] == "true" || in["private"] == "True"
	p["state"] = firstNonEmpty(str(in["state"]), "active")
	s.validateGDCatalog(in, p, errs)
	p["tags"] = s.validateTags(in["tags"], errs)
	p["extras"] = validateExtras(in["extras"], errs)
	p["resources"] = s.validateResources(in["resources"], old, errs)
	return p, errs
}

// validateIdentity checks id, name and owner_org.
func (s *Server) validateIdentity(in, old, p, errs dict) {
	switch id := str(in["id"]); {
	case old == nil && id != "":
		errs["id"] = []string{"The input field id was not expected."}
	case old != nil && id != "" && id != old["id"]:
		errs["id"] = []string{fmt.Sprintf("Cannot change value of key from %s to %s. This key is read-only", old["id"], id)}
	}
	name := str(in["name"])
	if old != nil && name == "" {
		name = str(old["name"])
	}
	if msg := nameError(name); msg != "" {
		errs["name"] = []string{msg}
	} else if other := s.activePackageNamed(name); other != nil && (old == nil || other["id"] != old["id"]) {
		errs["name"] = []string{"That URL is already in use."}
	}
	p["name"] = name
	switch org := str(in["owner_org"]); {
	case org == "":
		errs["owner_org"] = []string{"An organization must be provided"}
	case s.findOrg(org) == nil:
		errs["owner_org"] = []string{"Organization does not exist"}
	default:
		p["owner_org"] = s.findOrg(org)["id"]
	}
}

// validateTags applies default_tags_schema; errors line up with the
// tags, an empty object for a valid one, as CKAN reports them.
func (s *Server) validateTags(v any, errs dict) []dict {
	chars := thaiTagChars
	if s.schema == Core {
		chars = coreTagChars
	}
	list, _ := v.([]any)
	out := []dict{}
	perTag := make([]dict, len(list))
	bad := false
	for i, item := range list {
		perTag[i] = dict{}
		name := str(asDict(item)["name"])
		switch n := utf8.RuneCountInString(name); {
		case name == "":
			perTag[i]["name"] = []string{"Missing value"}
		case n < 2:
			perTag[i]["name"] = []string{fmt.Sprintf("Tag \"%s\" length is less than minimum 2", name)}
		case n > 100:
			perTag[i]["name"] = []string{fmt.Sprintf("Tag \"%s\" length is more than maximum 100", name)}
		case !chars.MatchString(name):
			perTag[i]["name"] = []string{fmt.Sprintf("Tag \"%s\" can only contain alphanumeric characters, "+
				"spaces (\" \"), hyphens (\"-\"), underscores (\"_\") or dots (\".\")", name)}
		default:
			out = append(out, dict{"id": uuid.NewSHA1(uuid.NameSpaceURL, []byte("tag:"+name)).String(),
				"name": name, "display_name": name, "state": "active", "vocabulary_id": nil})
			continue
		}
		bad = true
	}
	if bad {
		errs["tags"] = perTag
	}
	return out
}

// validateExtras applies default_extras_schema and duplicate_extras_key;
// CKAN shows extras sorted by key.
func validateExtras(v any, errs dict) []dict {
	list, _ := v.([]any)
	out := []dict{}
	seen := map[string]bool{}
	per := make([]dict, len(list))
	bad := false
	for i, item := range list {
		e := asDict(item)
		per[i] = dict{}
		key := str(e["key"])
		switch {
		case key == "":
			per[i]["key"], bad = []string{"Missing value"}, true
		case slices.Contains(coreStrings, key) || key == "name" || key == "owner_org":
			per[i]["key"], bad = []string{"There is a schema field with the same name"}, true
		case seen[key]:
			if _, dup := errs["extras_validation"]; !dup {
				errs["extras_validation"] = []string{fmt.Sprintf("Duplicate key \"%s\"", key)}
			}
		}
		if _, ok := e["value"]; !ok {
			per[i]["value"], bad = []string{"Missing value"}, true
		}
		seen[key] = true
		out = append(out, dict{"key": key, "value": str(e["value"])})
	}
	if bad {
		errs["extras"] = per
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["key"].(string) < out[j]["key"].(string) })
	return out
}
