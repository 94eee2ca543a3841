package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/sqlstore"
	"github.com/gdx-exchange/gdx/opendata/sqlstore/storetest"
)

func migrated(t testing.TB, db *sqldb.DB) *sqldb.DB {
	t.Helper()
	if err := sqlstore.Migrate(context.Background(), db); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func TestConformance(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		storetest.Run(t, func(t *testing.T, now func() time.Time) opendata.Store {
			return sqlstore.New(migrated(t, sqldbtest.Open(t, engine)), sqlstore.WithClock(now))
		})
	})
}

func TestMigrate(t *testing.T) { sqldbtest.RunSchema(t, sqlstore.Schema) }

// TestConcurrentSyncs runs syncs of different sources from two handles on
// one database at once, as two replicas would: every change must still get
// its own metadata_modified, and the values must follow commit order (no
// later sync may hand out a smaller one).
func TestConcurrentSyncs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		url := sqldbtest.URL(t, engine)
		stores := []*sqlstore.Store{sqlstore.New(migrated(t, sqldbtest.OpenURL(t, url))), sqlstore.New(sqldbtest.OpenURL(t, url))}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for w := range 8 {
			wg.Go(func() {
				var pkgs []opendata.Package
				for i := range 5 {
					pkgs = append(pkgs, storetest.Pkg(fmt.Sprintf("w%d-p%d", w, i), "t"))
				}
				_, err := stores[w%2].Sync(context.Background(), fmt.Sprintf("source-%d", w), pkgs)
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent sync: %v", err)
			}
		}
		pkgs, err := stores[0].ListPackages(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		seen := map[opendata.Time]bool{}
		for _, p := range pkgs {
			if seen[p.MetadataModified] {
				t.Errorf("metadata_modified %v handed out twice", p.MetadataModified)
			}
			seen[p.MetadataModified] = true
		}
		if len(pkgs) != 40 {
			t.Errorf("stored %d packages, want 40", len(pkgs))
		}
	})
}
