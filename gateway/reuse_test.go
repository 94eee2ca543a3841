package gateway_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/cache"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/gateway"
)

// cacheSource is memCatalog with the agency and purpose reads the cache
// also reads through.
type cacheSource struct{ memCatalog }

func (cacheSource) FindAgency(context.Context, string) (catalog.Agency, error) {
	return demo.Agencies()[2], nil
}

func (cacheSource) FindPurpose(_ context.Context, code string) (catalog.Purpose, error) {
	return catalog.Purpose{Code: code, Basis: catalog.BasisPublicTask}, nil
}

// TestLookupLeavesTheCachedCatalogAlone: the catalog cache hands every
// lookup the same dataset and grant slices, so no step of the pipeline
// (validation, the policy input, the fetch, minimisation, the audit event,
// single or batch, allowed or denied) may write into them. Run with -race
// it also runs the lookups side by side.
func TestLookupLeavesTheCachedCatalogAlone(t *testing.T) {
	p := newPipeline(t, person, func(_ context.Context, e audit.Event) (audit.Event, error) { return e, nil })
	reads := cache.New(cacheSource{memCatalog{grants: demo.Grants(time.Now().Add(-time.Hour))}}, time.Hour)
	p.Catalog = reads
	ctx := context.Background()
	snapshot := func() (catalog.Dataset, []catalog.Grant) {
		d, err := reads.FindDataset(ctx, demo.PersonDataset)
		if err != nil {
			t.Fatal(err)
		}
		gs, err := reads.ListGrants(ctx, catalog.GrantFilter{Consumer: "DLA", Dataset: demo.PersonDataset})
		if err != nil || len(gs) == 0 {
			t.Fatalf("grants %v, %v", gs, err)
		}
		return d, gs
	}
	d, gs := snapshot() // read through: this copy is the test's own
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, fields := range [][]string{nil, {"first_name_th", "citizen_id"}, {"religion"}} {
				req := dlaRequest(demo.PersonKey(1))
				req.Fields = fields
				_, _ = p.Lookup(ctx, req)
				_, _ = p.Batch(ctx, req, []string{demo.PersonKey(1), demo.PersonKey(2)})
			}
			denied := dlaRequest(demo.PersonKey(1))
			denied.Caller.IAL = "1"
			_, _ = p.Lookup(ctx, denied)
		})
	}
	wg.Wait()
	if gotD, gotGs := snapshot(); !reflect.DeepEqual(gotD, d) || !reflect.DeepEqual(gotGs, gs) {
		t.Fatalf("a lookup changed the cached catalog:\ndataset %+v\nwas     %+v\ngrants %+v\nwas    %+v", gotD, d, gotGs, gs)
	}
}

// TestLookupStateIsNotKept: the pipeline reuses its per-lookup state, so
// what a lookup returned (the result, a denial's decision) must stay as it
// was while later lookups run.
func TestLookupStateIsNotKept(t *testing.T) {
	p := newPipeline(t, person, func(_ context.Context, e audit.Event) (audit.Event, error) {
		e.ID = "ev-" + e.RequestID
		return e, nil
	})
	ctx := context.Background()
	first, err := p.Lookup(ctx, dlaRequest(demo.PersonKey(1)))
	if err != nil {
		t.Fatal(err)
	}
	denied := dlaRequest(demo.PersonKey(1))
	denied.Caller.IAL = "1"
	_, deny := p.Lookup(ctx, denied)
	var de *gateway.DeniedError
	if !errors.As(deny, &de) {
		t.Fatalf("the low-assurance lookup was not denied: %v", deny)
	}
	if len(first.Record) == 0 || first.DecisionID == "" || first.AuditEventID != "ev-r1" || len(de.Decision.Reasons) == 0 {
		t.Fatalf("what the lookups returned is not whole: %+v, denial %+v", first, de.Decision)
	}
	wantFirst, wantDeny := jsonOf(t, first), jsonOf(t, de.Decision)
	for i := range 8 {
		req := dlaRequest(demo.PersonKey(2 + i))
		req.RequestID, req.Fields = fmt.Sprint("r-later-", i), []string{"religion", "citizen_id"}
		_, _ = p.Lookup(ctx, req)
		_, _ = p.Batch(ctx, req, []string{demo.PersonKey(3)})
	}
	if got := jsonOf(t, first); got != wantFirst {
		t.Fatalf("the first result changed under later lookups:\n%s\nwas\n%s", got, wantFirst)
	}
	if got := jsonOf(t, de.Decision); got != wantDeny {
		t.Fatalf("the denial's decision changed under later lookups:\n%s\nwas\n%s", got, wantDeny)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
