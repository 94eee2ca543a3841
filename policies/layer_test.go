package policies

import (
	"maps"
	"slices"
	"testing"

	"github.com/gdx-exchange/gdx/catalog/demo"
)

// TestDemoDecisions runs named lookups of the demo catalog through the
// demo set (baseline + DOPA's module).
func TestDemoDecisions(t *testing.T) {
	p := mustDemoPolicy(t)
	tests := []struct {
		name                     string
		agency, purpose, dataset string
		fields                   []string
		allow                    bool
		want                     []string
		masks                    map[string]string
		reasons                  []string
	}{
		{"DLA licensing reads a person, citizen id unmasked by grant", demo.DLA, "licensing", demo.PersonDataset,
			[]string{"citizen_id", "first_name_th"}, true, []string{"citizen_id", "first_name_th"}, map[string]string{}, nil},
		{"DLA licensing: religion needs s.26 and DOPA keeps it for welfare", demo.DLA, "licensing", demo.PersonDataset,
			[]string{"first_name_th", "religion"}, true, []string{"first_name_th"}, map[string]string{},
			[]string{"owner_withheld:religion", "sensitive_needs_s26_basis:religion"}},
		{"DLA welfare reads religion", demo.DLA, "welfare_eligibility", demo.PersonDataset,
			[]string{"first_name_th", "religion"}, true, []string{"first_name_th", "religion"}, map[string]string{}, nil},
		{"RD's narrower grant withholds house id", demo.RD, "tax_assessment", demo.PersonDataset,
			[]string{"citizen_id", "house_id"}, true, []string{"citizen_id"}, map[string]string{"citizen_id": MaskPartial},
			[]string{"field_not_granted:house_id"}},
		{"RD for a purpose outside its grant", demo.RD, "licensing", demo.PersonDataset,
			[]string{"citizen_id"}, false, nil, nil, []string{ReasonPurposeNotGrant}},
		{"NOGRANT on internal data", demo.NOGRANT, "licensing", demo.CompanyDataset,
			[]string{"name_th"}, false, nil, nil, []string{ReasonNoGrant}},
		{"NOGRANT on public licences", demo.NOGRANT, "statistics", demo.LicenceDataset,
			[]string{"licence_no", "district"}, true, []string{"district", "licence_no"}, map[string]string{}, nil},
		{"secret biometrics without a grant", demo.DLA, "licensing", demo.BiometricsDataset,
			[]string{"enrolled_on"}, false, nil, nil, []string{ReasonNoGrant}},
		{"top secret never", demo.DLA, "licensing", demo.ProtectedDataset,
			[]string{"citizen_id"}, false, nil, nil, []string{ReasonTopSecret}},
		{"house members masked", demo.DLA, "licensing", demo.HouseDataset,
			[]string{"address", "members"}, true, []string{"address", "members"}, map[string]string{"members": MaskPartial}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decide(t, p, lookup(t, tt.agency, tt.purpose, tt.dataset, tt.fields...))
			if d.Allow != tt.allow || !slices.Equal(d.Fields, sortedSet(tt.want)) || !slices.Equal(d.Reasons, sortedSet(tt.reasons)) {
				t.Fatalf("got allow=%v fields=%v reasons=%v; want %v %v %v", d.Allow, d.Fields, d.Reasons, tt.allow, tt.want, tt.reasons)
			}
			if tt.masks != nil && !maps.Equal(d.Masks, tt.masks) {
				t.Errorf("masks = %v, want %v", d.Masks, tt.masks)
			}
			if d.PolicyVersion != "v-test" || d.ID == "" {
				t.Errorf("decision lacks id or version: %+v", d)
			}
		})
	}
}

// TestOwnerModulesOnlyNarrow checks the layering in Go: an owner module
// cannot allow what the baseline refuses, add fields, or drop a field or
// refuse without a reason showing.
func TestOwnerModulesOnlyNarrow(t *testing.T) {
	tests := []struct {
		name    string
		module  string
		in      Input
		allow   bool
		fields  []string
		reasons []string
		masks   map[string]string
	}{
		{"owner allowing everything cannot widen", `decision := {"allow": true, "fields": {f.name | some f in input.dataset.fields}}`,
			lookup(t, demo.RD, "tax_assessment", demo.PersonDataset, "first_name_th", "religion"), true,
			[]string{"first_name_th"}, []string{"field_not_granted:religion", "sensitive_needs_s26_basis:religion"}, nil},
		{"owner cannot allow a baseline refusal", `decision := {"allow": true, "fields": input.requested_fields}`,
			lookup(t, demo.NOGRANT, "licensing", demo.PersonDataset, "first_name_th"), false, nil, []string{ReasonNoGrant}, nil},
		{"owner refusal without reason", `decision := {"allow": false}`,
			lookup(t, demo.DLA, "licensing", demo.PersonDataset, "first_name_th"), false, nil, []string{ReasonOwnerDenied}, nil},
		{"owner dropping a field silently", `decision := {"allow": true, "fields": ["first_name_th"]}`,
			lookup(t, demo.DLA, "licensing", demo.PersonDataset, "first_name_th", "last_name_th"), true,
			[]string{"first_name_th"}, []string{"owner_withheld:last_name_th"}, nil},
		{"owner masks add up", `decision := {"allow": true, "fields": input.requested_fields, "masks": {"first_name_th": "hash", "birth_date": "scramble"}}`,
			lookup(t, demo.DLA, "licensing", demo.PersonDataset, "first_name_th", "birth_date"), true,
			[]string{"birth_date", "first_name_th"}, nil, map[string]string{"first_name_th": MaskHash, "birth_date": MaskRedact}},
		{"the stronger mask wins", `decision := {"allow": true, "fields": input.requested_fields, "masks": {"citizen_id": "hash"}}`,
			lookup(t, demo.RD, "tax_assessment", demo.PersonDataset, "citizen_id"), true,
			[]string{"citizen_id"}, nil, map[string]string{"citizen_id": MaskHash}},
		{"owner leaving every field out", `decision := {"allow": true, "fields": [], "reasons": ["closed_for_audit"]}`,
			lookup(t, demo.DLA, "licensing", demo.PersonDataset, "first_name_th"), false, nil,
			[]string{"closed_for_audit", ReasonNoFieldsAllowed, "owner_withheld:first_name_th"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mods := Baseline()
			mods["owner/dopa/policy.rego"] = "package gdx.owner.dopa\n\n" + tt.module + "\n"
			d := decide(t, mustCompile(t, "v-layer", mods), tt.in)
			if d.Allow != tt.allow || !slices.Equal(d.Fields, sortedSet(tt.fields)) || !slices.Equal(d.Reasons, sortedSet(tt.reasons)) {
				t.Fatalf("got allow=%v fields=%v reasons=%v; want %v %v %v", d.Allow, d.Fields, d.Reasons, tt.allow, tt.fields, tt.reasons)
			}
			if tt.masks != nil && !maps.Equal(d.Masks, tt.masks) {
				t.Errorf("masks = %v, want %v", d.Masks, tt.masks)
			}
		})
	}
}

// TestOwnerModuleAppliesToOwnDatasetsOnly checks that DOPA's module leaves
// DBD's datasets alone.
func TestOwnerModuleAppliesToOwnDatasetsOnly(t *testing.T) {
	mods := Baseline()
	mods["owner/dopa/policy.rego"] = "package gdx.owner.dopa\n\ndecision := {\"allow\": false, \"reasons\": [\"dopa_closed\"]}\n"
	p := mustCompile(t, "v-own", mods)
	if d := decide(t, p, lookup(t, demo.DLA, "licensing", demo.CompanyDataset, "name_th")); !d.Allow {
		t.Errorf("DBD dataset refused by DOPA's module: %v", d.Reasons)
	}
	if d := decide(t, p, lookup(t, demo.DLA, "licensing", demo.PersonDataset, "first_name_th")); d.Allow || !d.HasReason("dopa_closed") {
		t.Errorf("DOPA dataset not refused by DOPA's module: %+v", d)
	}
}
