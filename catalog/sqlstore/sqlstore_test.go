package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/catalogtest"
	"github.com/gdx-exchange/gdx/catalog/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// openStore returns a store on a fresh, migrated database of the engine.
func openStore(t testing.TB, engine string) *sqlstore.Store {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if err := sqlstore.Migrate(context.Background(), db); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return sqlstore.New(db)
}

func TestConformance(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		catalogtest.Run(t, func(t *testing.T) catalog.Store { return openStore(t, engine) })
	})
}

func TestMigrate(t *testing.T) { sqldbtest.RunSchema(t, sqlstore.Schema) }

// TestConcurrentOverlappingGrants creates the same grant from many
// goroutines at once, round after round (so that later rounds find the
// connection pool warm): exactly one per round may win.
func TestConcurrentOverlappingGrants(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		s := openStore(t, engine)
		seedOneDataset(t, s)
		start := time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)
		for round := range 5 {
			g := catalog.Grant{Consumer: "DLA", Dataset: "dopa.civil", Purposes: []string{"license.approval"},
				Fields: []string{"citizen_id"}, Status: catalog.GrantActive,
				ValidFrom: start.AddDate(0, 0, 2*round), ValidTo: start.AddDate(0, 0, 2*round+1)}
			if won := createConcurrently(t, s, g, 16); won != 1 {
				t.Errorf("round %d: %d concurrent overlapping grants were created, want 1", round, won)
			}
		}
	})
}

// createConcurrently creates g from n goroutines and returns how many
// succeeded; every other one must fail with a conflict.
func createConcurrently(t testing.TB, s *sqlstore.Store, g catalog.Grant, n int) int {
	t.Helper()
	kinds := make([]catalog.Kind, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := s.CreateGrant(context.Background(), g)
			kinds[i] = catalog.ErrorKind(err)
		})
	}
	wg.Wait()
	won := 0
	for _, k := range kinds {
		switch k {
		case "":
			won++
		case catalog.KindConflict:
		default:
			t.Errorf("CreateGrant failed with kind %q", k)
		}
	}
	return won
}

func seedOneDataset(t testing.TB, s *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	for _, a := range []string{"DOPA", "DLA"} {
		must(t, s.CreateAgency(ctx, catalog.Agency{Code: a, NameEN: a, Status: catalog.AgencyActive}))
	}
	must(t, s.PutPurpose(ctx, catalog.Purpose{Code: "license.approval", DescriptionEN: "x", Basis: catalog.BasisPublicTask}))
	must(t, s.PutDataset(ctx, catalog.Dataset{ID: "dopa.civil", TitleEN: "Civil", Owner: "DOPA",
		Classification: catalog.Internal, Fields: []catalog.Field{{Name: "citizen_id", Type: catalog.TypeString}},
		KeyKind: catalog.KeyCitizenID, IAL: "1", AAL: "1"}))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
