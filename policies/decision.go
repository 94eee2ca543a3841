package policies

import (
	"slices"
	"strings"
)

// Decision is the answer of the active policy set to one Input: whether the
// lookup may go ahead, which of the requested fields may be returned and
// how each is masked, why anything was refused or withheld, what the
// caller must do, and which policy version decided.
//
// A deny is a Decision, never an error. Allow implies at least one field.
type Decision struct {
	// ID identifies the decision in the decision log and the audit trail.
	ID    string `json:"id"`
	Allow bool   `json:"allow"`
	// Fields lists the requested fields that may be returned, sorted.
	Fields []string `json:"fields"`
	// Masks maps a returned field to the mask to apply (MaskPartial …).
	Masks map[string]string `json:"masks"`
	// Reasons holds stable codes (Reason* constants). A code about one
	// field is written "code:field"; see ParseReason and Withheld.
	Reasons []string `json:"reasons"`
	// Obligations holds stable codes of what the caller must do when it
	// returns the data (Obligation* constants).
	Obligations []string `json:"obligations"`
	// PolicyVersion names the policy set version that decided.
	PolicyVersion string `json:"policy_version"`
}

// Mask kinds. The gateway applies them; a policy only names them.
const (
	// MaskPartial keeps the last four characters and replaces the rest
	// with 'x' (a 13-digit id becomes xxxxxxxxx1234).
	MaskPartial = "partial"
	// MaskRedact replaces the whole value with a fixed placeholder.
	MaskRedact = "redact"
	// MaskHash replaces the value with a keyed hash, stable per consumer.
	MaskHash = "hash"
)

// Obligation codes of the baseline.
const (
	// ObligationSensitiveAccess: sensitive (PDPA s.26) data is returned;
	// record it as such and keep it from further disclosure.
	ObligationSensitiveAccess = "record_sensitive_access"
	// ObligationPersonalData: personal data is returned; use it only for
	// the stated purpose (PDPA s.27).
	ObligationPersonalData = "purpose_limitation"
	// ObligationSecretHandling: the dataset is secret; handle per the
	// secret-document rules of the receiving agency.
	ObligationSecretHandling = "secret_handling"
)

// ParseReason splits a reason into its code and the field it concerns,
// which is empty for reasons about the whole lookup.
func ParseReason(r string) (code, field string) {
	code, field, _ = strings.Cut(r, ":")
	return code, field
}

// FieldReason writes the reason code for one field.
func FieldReason(code, field string) string { return code + ":" + field }

// Withheld returns, for each field the decision withheld, the reason
// codes that withheld it.
func (d Decision) Withheld() map[string][]string {
	out := map[string][]string{}
	for _, r := range d.Reasons {
		if code, field := ParseReason(r); field != "" && !slices.Contains(d.Fields, field) {
			out[field] = append(out[field], code)
		}
	}
	return out
}

// HasReason reports whether the decision gives the reason code, for the
// whole lookup or for any field.
func (d Decision) HasReason(code string) bool {
	for _, r := range d.Reasons {
		if c, _ := ParseReason(r); c == code {
			return true
		}
	}
	return false
}

// deny returns a refusal with the given reasons.
func deny(version string, reasons ...string) Decision {
	return Decision{Fields: []string{}, Masks: map[string]string{}, Reasons: reasons,
		Obligations: []string{}, PolicyVersion: version}
}

// normalize gives every list and map a non-nil, sorted, duplicate-free
// value, so that decisions compare and serialise the same way.
func (d *Decision) normalize() {
	d.Fields = sortedSet(d.Fields)
	d.Reasons = sortedSet(d.Reasons)
	d.Obligations = sortedSet(d.Obligations)
	if d.Masks == nil {
		d.Masks = map[string]string{}
	}
	for f := range d.Masks {
		if !slices.Contains(d.Fields, f) {
			delete(d.Masks, f)
		}
	}
	if !d.Allow {
		d.Fields, d.Masks = []string{}, map[string]string{}
	}
}

func sortedSet(xs []string) []string {
	out := slices.Clone(xs)
	if out == nil {
		out = []string{}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
