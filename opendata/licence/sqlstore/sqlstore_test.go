package sqlstore_test

import (
	"context"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
	"github.com/gdx-exchange/gdx/opendata/licence/sqlstore"
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
		licencetest.Run(t, func(t *testing.T) licence.Store { return openStore(t, engine) })
	})
}

func TestMigrate(t *testing.T) { sqldbtest.RunSchema(t, sqlstore.Schema) }
