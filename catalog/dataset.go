package catalog

import (
	"fmt"
	"regexp"
	"strings"
)

// KeyKind names the kind of key that identifies a dataset's records.
type KeyKind string

// Key kinds.
const (
	KeyCitizenID  KeyKind = "citizen_id"  // 13 digits, mod-11 check digit
	KeyJuristicID KeyKind = "juristic_id" // 13 digits starting with 0, mod-11
	KeyHouseID    KeyKind = "house_id"    // 11-digit house registration number
	KeyNone       KeyKind = "none"        // not a keyed record source (open files)
)

// KeyKinds lists every key kind.
var KeyKinds = []KeyKind{KeyCitizenID, KeyJuristicID, KeyHouseID, KeyNone}

// FieldType is the JSON type of a field's values.
type FieldType string

// Field types.
const (
	TypeString  FieldType = "string"
	TypeInteger FieldType = "integer"
	TypeNumber  FieldType = "number"
	TypeBoolean FieldType = "boolean"
	TypeDate    FieldType = "date"
	TypeObject  FieldType = "object"
	TypeArray   FieldType = "array"
)

var fieldTypes = []FieldType{TypeString, TypeInteger, TypeNumber, TypeBoolean, TypeDate, TypeObject, TypeArray}

// Field is one field of a dataset with its PDPA flags.
type Field struct {
	Name    string    `json:"name"`
	TitleTH string    `json:"title_th,omitempty"`
	TitleEN string    `json:"title_en,omitempty"`
	Type    FieldType `json:"type"`
	// Personal marks personal data of a natural person (PDPA s.6).
	Personal bool `json:"personal"`
	// Sensitive marks special categories (PDPA s.26: religion, health,
	// criminal record, biometrics …); it implies Personal.
	Sensitive bool `json:"sensitive"`
	// Identifier marks fields that identify a person or entity and are
	// masked unless a grant says otherwise.
	Identifier bool `json:"identifier"`
}

// Dataset describes a data source in the catalog: its owner, its
// classification, its fields, and what it takes to read it.
type Dataset struct {
	ID              string         `json:"id"`
	TitleTH         string         `json:"title_th"`
	TitleEN         string         `json:"title_en"`
	DescriptionTH   string         `json:"description_th,omitempty"`
	DescriptionEN   string         `json:"description_en,omitempty"`
	Owner           string         `json:"owner"`
	Classification  Classification `json:"classification"`
	Fields          []Field        `json:"fields"`
	KeyKind         KeyKind        `json:"key_kind"`
	IAL             IAL            `json:"ial"`
	AAL             AAL            `json:"aal"`
	License         string         `json:"license,omitempty"`
	Tags            []string       `json:"tags,omitempty"`
	UpdateFrequency string         `json:"update_frequency,omitempty"`
	// Connector names the connector that fetches the dataset's records
	// from its owner; the upstream address comes from the catalog only.
	Connector string `json:"connector,omitempty"`
}

var (
	datasetID = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)
	fieldName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	tagText   = regexp.MustCompile(`^[\p{L}\p{M}\p{N} ._-]{1,64}$`)
)

// ValidDatasetID reports whether id has the dataset id form: 2–64 lower-case
// letters, digits, '.', '_' and '-'.
func ValidDatasetID(id string) bool { return datasetID.MatchString(id) }

// Validate checks the dataset before it is stored; it does not check that
// the owner exists (the store does).
func (d Dataset) Validate() error {
	if !ValidDatasetID(d.ID) {
		return Errorf(KindInvalid, "dataset id %q must be 2-64 characters of a-z, 0-9, '.', '_' and '-'", d.ID)
	}
	for _, check := range []func() error{d.validateMeta, d.validateAccess, d.validateFields} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (d Dataset) validateMeta() error {
	switch {
	case strings.TrimSpace(d.TitleTH) == "" && strings.TrimSpace(d.TitleEN) == "":
		return d.invalid("needs a Thai or English title")
	case !ValidAgencyCode(d.Owner):
		return d.invalid(fmt.Sprintf("owner %q is not an agency code", d.Owner))
	}
	for _, t := range d.Tags {
		if !tagText.MatchString(t) {
			return d.invalid(fmt.Sprintf("tag %q must be 1-64 letters, digits, spaces, '.', '_' or '-'", t))
		}
	}
	return nil
}

func (d Dataset) validateAccess() error {
	switch {
	case !d.Classification.Valid():
		return d.invalid(fmt.Sprintf("unknown classification %q (want one of public, internal, confidential, secret, top_secret)", d.Classification))
	case !validKeyKind(d.KeyKind):
		return d.invalid(fmt.Sprintf("unknown key kind %q (want citizen_id, juristic_id, house_id or none)", d.KeyKind))
	case !d.IAL.Valid():
		return d.invalid(fmt.Sprintf("required IAL %q is not one of 1, 2.1, 2.2, 2.3, 3", d.IAL))
	case !d.AAL.Valid():
		return d.invalid(fmt.Sprintf("required AAL %q is not one of 1, 2, 3", d.AAL))
	}
	return nil
}

func (d Dataset) validateFields() error {
	if len(d.Fields) == 0 {
		return d.invalid("has no fields")
	}
	seen := make(map[string]bool, len(d.Fields))
	for _, f := range d.Fields {
		switch {
		case !fieldName.MatchString(f.Name):
			return d.invalid(fmt.Sprintf("field name %q must start with a-z and hold only a-z, 0-9 and '_'", f.Name))
		case seen[f.Name]:
			return d.invalid(fmt.Sprintf("field %q is listed twice", f.Name))
		case !validFieldType(f.Type):
			return d.invalid(fmt.Sprintf("field %q has unknown type %q", f.Name, f.Type))
		case f.Sensitive && !f.Personal:
			return d.invalid(fmt.Sprintf("field %q is sensitive but not personal; sensitive data is personal data (PDPA s.26)", f.Name))
		}
		seen[f.Name] = true
	}
	return nil
}

func (d Dataset) invalid(msg string) error {
	return Errorf(KindInvalid, "dataset %s: %s", d.ID, msg)
}

// Field returns the named field and whether the dataset has it.
func (d Dataset) Field(name string) (Field, bool) {
	for _, f := range d.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// FieldNames returns the names of all fields in catalog order.
func (d Dataset) FieldNames() []string {
	names := make([]string, len(d.Fields))
	for i, f := range d.Fields {
		names[i] = f.Name
	}
	return names
}

func validKeyKind(k KeyKind) bool {
	for _, v := range KeyKinds {
		if v == k {
			return true
		}
	}
	return false
}

func validFieldType(t FieldType) bool {
	for _, v := range fieldTypes {
		if v == t {
			return true
		}
	}
	return false
}
