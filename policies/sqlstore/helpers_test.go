package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/policies"
	"github.com/gdx-exchange/gdx/policies/sqlstore"
)

// Stewards of the tests.
var (
	admin        = policies.Actor{Name: "somchai", Agency: demo.DGA, Role: policies.RoleAdmin}
	admin2       = policies.Actor{Name: "malee", Agency: demo.DGA, Role: policies.RoleAdmin}
	dopaSteward  = policies.Actor{Name: "anan", Agency: demo.DOPA, Role: policies.RoleSteward}
	dopaApprover = policies.Actor{Name: "pim", Agency: demo.DOPA, Role: policies.RoleApprover}
	dbdApprover  = policies.Actor{Name: "krit", Agency: demo.DBD, Role: policies.RoleApprover}
	dopaAuditor  = policies.Actor{Name: "nok", Agency: demo.DOPA, Role: policies.RoleAuditor}
)

var testNow = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

// fixture is one replica: a store on a fresh database, an engine and the
// workflow that drives both.
type fixture struct {
	url    string
	store  *sqlstore.Store
	engine *policies.Engine
	flow   *policies.Workflow
}

func newFixture(t *testing.T, engine string) *fixture {
	t.Helper()
	url := sqldbtest.URL(t, engine)
	f := replica(t, url)
	f.url = url
	return f
}

// replica opens another handle on the same database, as a second gdx
// serve process would.
func replica(t *testing.T, url string) *fixture {
	t.Helper()
	db := sqldbtest.OpenURL(t, url)
	if err := sqlstore.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	s := sqlstore.New(db)
	e := policies.NewEngine()
	flow := policies.NewWorkflow(s, e)
	flow.Now = func() time.Time { return testNow }
	return &fixture{url: url, store: s, engine: e, flow: flow}
}

// bootstrap activates the baseline alone as v1.
func (f *fixture) bootstrap(t *testing.T) policies.Version {
	t.Helper()
	v, err := f.flow.Bootstrap(context.Background(), policies.Baseline())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// withOwner returns the active set plus a DOPA module (and an empty test
// file) with the decision rule given.
func withOwner(decision string) policies.Modules {
	mods := policies.Baseline()
	mods["owner/dopa/policy.rego"] = "package gdx.owner.dopa\n\ndecision := " + decision + "\n"
	mods["owner/dopa/policy_test.rego"] = "package gdx.owner.dopa_test\n\nimport data.gdx.owner.dopa\n\n" +
		"test_decides if {\n\tdopa.decision with input as {\"requested_fields\": [\"a\"]}\n}\n"
	return mods
}

const (
	dopaOpen   = `{"allow": true, "fields": input.requested_fields}`
	dopaClosed = `{"allow": false, "reasons": ["dopa_maintenance"]}`
)

// draftApproved drafts mods as the DOPA steward and has the DOPA approver
// approve it.
func (f *fixture) draftApproved(t *testing.T, mods policies.Modules) policies.Version {
	t.Helper()
	ctx := context.Background()
	v, err := f.flow.Draft(ctx, dopaSteward, mods, "test change")
	if err != nil {
		t.Fatal(err)
	}
	if v, err = f.flow.Approve(ctx, v.ID, dopaApprover); err != nil {
		t.Fatal(err)
	}
	return v
}

// personLookup is DLA reading a name from the civil registry.
func personLookup() policies.Input {
	var person catalog.Dataset
	for _, d := range demo.Datasets() {
		if d.ID == demo.PersonDataset {
			person = d
		}
	}
	var grant catalog.Grant
	for _, g := range demo.Grants(testNow.AddDate(0, -1, 0)) {
		if g.ID == "g-dla-person" {
			grant = g
		}
	}
	return policies.NewInput(policies.Request{
		Agency:  catalog.Agency{Code: demo.DLA, Status: catalog.AgencyActive},
		Officer: "officer-7", Purpose: demo.Purposes()[0], IAL: "2.3", AAL: "2", Dataset: person,
		Requested: []string{"first_name_th"}, Grant: &grant, Time: testNow,
	})
}

func (f *fixture) decide(t *testing.T) policies.Decision {
	t.Helper()
	d, err := f.engine.Decide(context.Background(), personLookup())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// wantKind fails unless err is a catalog error of kind k.
func wantKind(t *testing.T, err error, k catalog.Kind) {
	t.Helper()
	if !catalog.IsKind(err, k) {
		t.Fatalf("error = %v (kind %q), want kind %s", err, catalog.ErrorKind(err), k)
	}
}

func wantRefused(t *testing.T, err error, line string) {
	t.Helper()
	var refused *policies.RefusedError
	if !errors.As(err, &refused) || !strings.Contains(err.Error(), line) {
		t.Fatalf("error = %v; want a refusal naming %q", err, line)
	}
}

func demoCatalog() policies.Catalog {
	return policies.Catalog{Agencies: demo.Agencies(), Purposes: demo.Purposes(), Datasets: demo.Datasets(),
		Grants: demo.Grants(testNow.AddDate(0, -1, 0))}
}
