package sqlstore_test

import (
	"context"
	"testing"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/audit/audittest"
	"github.com/gdx-exchange/gdx/audit/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// open returns a fresh, migrated database of the engine.
func open(t testing.TB, engine string) *sqldb.DB {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if err := sqlstore.Migrate(context.Background(), db); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func TestConformance(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		audittest.Run(t, func(t *testing.T) audittest.Harness {
			db := open(t, engine)
			return audittest.Harness{Store: sqlstore.New(db), Tamper: sqlstore.NewTamperer(db)}
		})
	})
}

func TestMigrate(t *testing.T) { sqldbtest.RunSchema(t, sqlstore.Schema) }

// BenchmarkAppend measures group commit against one transaction per event
// on both engines:
//
//	go test -run '^$' -bench Append -benchtime 5s ./audit/sqlstore/
func BenchmarkAppend(b *testing.B) {
	for _, engine := range sqldbtest.Engines {
		b.Run(engine, func(b *testing.B) {
			audittest.BenchAppend(b, func(b *testing.B) audit.Appender { return sqlstore.New(open(b, engine)) })
		})
	}
}
