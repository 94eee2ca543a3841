// Package sqldbtest opens a fresh, empty database of either engine for a
// test, so that every store's tests run on SQLite and PostgreSQL alike.
//
// NOTE: it is for tests only. Besides sqldb it imports internal/pgtest,
// a leaf, and nothing else of this module.
package sqldbtest

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/gdx-exchange/gdx/internal/pgtest"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// Engines lists the engines every store's tests run on.
var Engines = []string{sqldb.SQLite, sqldb.Postgres}

// URL returns the URL of a fresh, empty database of the engine: a file in
// t.TempDir() for SQLite, a database from pgtest.New for PostgreSQL (which
// skips t when no PostgreSQL can be had). Both go away at cleanup.
func URL(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case sqldb.SQLite:
		return "sqlite:" + filepath.Join(t.TempDir(), "gdx.db")
	case sqldb.Postgres:
		return pgtest.New(t)
	}
	t.Fatalf("sqldbtest: unknown engine %q", engine)
	return ""
}

// Open opens a fresh, empty database of the engine, closed at cleanup.
func Open(t testing.TB, engine string) *sqldb.DB {
	t.Helper()
	return OpenURL(t, URL(t, engine))
}

// OpenURL opens the database at url, closed at cleanup; use it to open a
// second handle on the same database.
func OpenURL(t testing.TB, url string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("sqldbtest: %v", err)
	}
	t.Cleanup(db.Close)
	return db
}

// Each runs f as a subtest per engine, named by the engine.
func Each(t *testing.T, f func(t *testing.T, engine string)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) { f(t, engine) })
	}
}

// RunSchema checks a store's schema on both engines: a fresh database
// needs migrating, migrating twice is a no-op, and then it is current.
func RunSchema(t *testing.T, schema sqldb.Schema) {
	Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := Open(t, engine)
		steps := []struct {
			name string
			run  func() error
			want error
		}{
			{"fresh database needs migrating", func() error { return schema.Check(ctx, db) }, sqldb.ErrSchemaOld},
			{"migrate", func() error { return schema.Migrate(ctx, db) }, nil},
			{"migrate again is a no-op", func() error { return schema.Migrate(ctx, db) }, nil},
			{"schema is current", func() error { return schema.Check(ctx, db) }, nil},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				if err := st.run(); !errors.Is(err, st.want) || (st.want == nil) != (err == nil) {
					t.Fatalf("error = %v, want %v", err, st.want)
				}
			})
		}
	})
}
