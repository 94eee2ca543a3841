package cache_test

import (
	"context"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/cache"
	"github.com/gdx-exchange/gdx/catalog/demo"
	catalogsql "github.com/gdx-exchange/gdx/catalog/sqlstore"
	"github.com/gdx-exchange/gdx/internal/notify"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// TestASuspensionHoldsAtOnceOnTheReplicaThatMadeIt wires the cache as gdx
// serve does, on both engines, and suspends an agency and revokes a grant
// through the store on the same database handle: the very next read must
// see the change, with no wait for the database's notice.
func TestASuspensionHoldsAtOnceOnTheReplicaThatMadeIt(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := sqldbtest.Open(t, engine)
		if err := catalogsql.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
		store := catalogsql.New(db)
		if err := demo.Seed(ctx, store, time.Now()); err != nil {
			t.Fatal(err)
		}
		feed := notify.New(db, notify.Options{Counters: []string{catalogsql.ChangeCounter}})
		runCtx, stop := context.WithCancel(ctx)
		defer stop()
		go feed.Run(runCtx)
		reads := cache.New(store, time.Hour) // only a change may drop an entry
		reads.Follow(feed)

		a, err := reads.FindAgency(ctx, demo.DLA)
		if err != nil || !a.Active() {
			t.Fatalf("DLA: %+v %v", a, err)
		}
		a.Status = catalog.AgencySuspended
		if err := store.UpdateAgency(ctx, a); err != nil {
			t.Fatal(err)
		}
		if got, _ := reads.FindAgency(ctx, demo.DLA); got.Active() {
			t.Fatal("the replica that suspended DLA still serves it as active")
		}

		filter := catalog.GrantFilter{Consumer: demo.DLA, Dataset: demo.PersonDataset}
		gs, err := reads.ListGrants(ctx, filter)
		if err != nil || len(gs) != 1 || gs[0].Status != catalog.GrantActive {
			t.Fatalf("grants: %+v %v", gs, err)
		}
		g := gs[0]
		g.Status = catalog.GrantRevoked
		if err := store.UpdateGrant(ctx, g); err != nil {
			t.Fatal(err)
		}
		if gs, _ := reads.ListGrants(ctx, filter); len(gs) != 1 || gs[0].Status != catalog.GrantRevoked {
			t.Fatalf("the replica that revoked the grant still serves %+v", gs)
		}
	})
}
