package policies

import (
	"context"
	"slices"
	"testing"

	"github.com/gdx-exchange/gdx/catalog/demo"
)

func demoCatalog() Catalog {
	return Catalog{Agencies: demo.Agencies(), Purposes: demo.Purposes(), Datasets: demo.Datasets(), Grants: demo.Grants(grantsFrom)}
}

func TestImpact(t *testing.T) {
	active := mustDemoPolicy(t)
	narrower := DemoSet()
	narrower["owner/dopa/policy.rego"] = `package gdx.owner.dopa

decision := {"allow": true, "fields": {f | some f in input.requested_fields; f != "birth_date"}}
`
	delete(narrower, "owner/dopa/policy_test.rego")
	wider := DemoSet()
	wider["baseline.rego"] = mustReplace(t, wider["baseline.rego"],
		"level in {\"internal\", \"confidential\", \"secret\"}\n\tsome problem in grant_problems",
		"level in {\"confidential\", \"secret\"}\n\tsome problem in grant_problems",
		"permitted if {\n\tinput.dataset.classification == \"internal\"\n\tvalid_grant == true\n}",
		`permitted if input.dataset.classification == "internal"`)
	delete(wider, "baseline_test.rego")
	tests := []struct {
		name     string
		proposed Modules
		check    func(t *testing.T, r ImpactReport)
	}{
		{"same set changes nothing", DemoSet(), func(t *testing.T, r ImpactReport) {
			if len(r.Changes) != 0 || r.Cases != 6*4*6*len(DefaultLevels) {
				t.Errorf("report = %+v", r)
			}
		}},
		{"owner narrows a field", narrower, func(t *testing.T, r ImpactReport) {
			if r.NewlyAllowed != 0 || r.FieldsGained != 0 || r.FieldsLost == 0 {
				t.Fatalf("report = %+v", r)
			}
			for _, c := range r.Changes {
				if c.Dataset != demo.PersonDataset || !slices.Equal(c.Lost, []string{"birth_date"}) || c.Kind != FieldsChanged {
					t.Errorf("unexpected change %+v", c)
				}
			}
		}},
		{"baseline opens internal data to all", wider, func(t *testing.T, r ImpactReport) {
			if r.NewlyAllowed == 0 || r.NewlyDenied != 0 {
				t.Fatalf("report = %+v", r)
			}
			for _, c := range r.Changes {
				if c.Agency == demo.DLA || c.Agency == demo.RD || c.Dataset != demo.CompanyDataset || c.Kind != NewlyAllowed {
					t.Errorf("unexpected change %+v", c)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, rep, err := Compile(context.Background(), "v-proposed", tt.proposed)
			if err != nil {
				t.Fatalf("%v\n%v", err, rep.Lines())
			}
			r, err := Impact(context.Background(), active, p, demoCatalog(), ImpactOptions{Time: testNow})
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
		})
	}
}

func TestImpactWithoutActivePolicy(t *testing.T) {
	r, err := Impact(context.Background(), nil, mustDemoPolicy(t), demoCatalog(), ImpactOptions{Time: testNow, Levels: []Assurance{{"3", "3"}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.NewlyAllowed == 0 || r.NewlyDenied != 0 || r.Before != "" {
		t.Errorf("report = %+v", r)
	}
}
