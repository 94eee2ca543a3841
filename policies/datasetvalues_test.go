package policies

import (
	"slices"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
)

// TestRememberedValuesFollowChanges decides one lookup, then the same
// lookup with its grant, dataset, purpose or agency changed under the
// same id or code, on one
// policy: every decision must follow the changed part, never the value
// remembered for the earlier one.
func TestRememberedValuesFollowChanges(t *testing.T) {
	p := mustCompile(t, "v-memo", DemoSet())
	base := lookup(t, demo.DLA, "licensing", demo.PersonDataset, "citizen_id", "first_name_th")
	if d := decide(t, p, base); !d.Allow {
		t.Fatalf("base lookup denied: %+v", d)
	}
	tests := []struct {
		name   string
		change func(in *Input)
		check  func(d Decision) bool
	}{
		{"grant revoked", func(in *Input) { in.Grant.Status = catalog.GrantRevoked },
			func(d Decision) bool { return !d.Allow && slices.Contains(d.Reasons, "grant_not_active") }},
		{"grant ended", func(in *Input) { in.Grant.ValidTo = base.Time.Add(-time.Hour) },
			func(d Decision) bool { return !d.Allow && slices.Contains(d.Reasons, "grant_expired") }},
		{"purpose dropped from the grant", func(in *Input) { in.Grant.Purposes = []string{"welfare_eligibility"} },
			func(d Decision) bool { return !d.Allow && slices.Contains(d.Reasons, "purpose_not_in_grant") }},
		{"field dropped from the grant", func(in *Input) { in.Grant.Fields = []string{"citizen_id"} },
			func(d Decision) bool { return d.Allow && slices.Equal(d.Fields, []string{"citizen_id"}) }},
		{"identifier unmasked by the grant", func(in *Input) { in.Grant.Unmasked = []string{"citizen_id"} },
			func(d Decision) bool { return d.Allow && len(d.Masks) == 0 }},
		{"dataset raised to secret", func(in *Input) { in.Dataset.Classification = catalog.Secret },
			func(d Decision) bool { return !d.Allow && slices.Contains(d.Reasons, "ial_too_low") }},
		{"field became sensitive", func(in *Input) {
			in.Dataset.Fields[slices.IndexFunc(in.Dataset.Fields, func(f InputField) bool { return f.Name == "first_name_th" })].Sensitive = true
		}, func(d Decision) bool { return d.Allow && slices.Equal(d.Fields, []string{"citizen_id"}) }},
		{"sensitive field for a purpose given a s.26 basis", func(in *Input) {
			in.Dataset.Fields[slices.IndexFunc(in.Dataset.Fields, func(f InputField) bool { return f.Name == "first_name_th" })].Sensitive = true
			in.Purpose.SensitiveBasis = catalog.SensitiveLegalDuty
		}, func(d Decision) bool { return d.Allow && len(d.Fields) == 2 }},
		{"agency suspended", func(in *Input) { in.Agency.Status = catalog.AgencySuspended },
			func(d Decision) bool { return !d.Allow && slices.Contains(d.Reasons, "agency_suspended") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			g := cloneGrant(*base.Grant)
			in.Grant, in.Dataset = &g, cloneDataset(base.Dataset)
			tt.change(&in)
			if d := decide(t, p, in); !tt.check(d) {
				t.Errorf("decision = %+v", d)
			}
			if d := decide(t, p, base); !d.Allow || len(d.Fields) != 2 {
				t.Errorf("base lookup after the change = %+v", d)
			}
		})
	}
}
