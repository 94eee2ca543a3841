package sqldb_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// v1, v2 are the first two schema versions of a test owner; v2 has engine
// variants that record which one ran.
var (
	v1 = fstest.MapFS{
		"001_init.sql": {Data: []byte(`CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL);
			CREATE TABLE seen (engine TEXT NOT NULL);`)},
		"README.md": {Data: []byte("not a migration")},
	}
	v2 = fstest.MapFS{
		"001_init.sql":            v1["001_init.sql"],
		"002_seen.postgres.sql":   {Data: []byte(`INSERT INTO seen (engine) VALUES ('postgres');`)},
		"002_seen.sqlite.sql":     {Data: []byte(`INSERT INTO seen (engine) VALUES ('sqlite');`)},
		"003_notes_at.sql":        {Data: []byte(`ALTER TABLE notes ADD COLUMN at BIGINT;`)},
		"003_notes_at.sqlite.sql": {Data: []byte(`ALTER TABLE notes ADD COLUMN at INTEGER;`)},
	}
)

func TestMigrate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := sqldbtest.Open(t, engine)
		t.Run("fresh database needs migrating", func(t *testing.T) {
			if err := db.CheckSchema(ctx, "notes", v2); !errors.Is(err, sqldb.ErrSchemaOld) {
				t.Errorf("CheckSchema = %v, want ErrSchemaOld", err)
			}
		})
		t.Run("migrating twice is idempotent", func(t *testing.T) {
			for range 2 {
				if err := db.Migrate(ctx, "notes", v2); err != nil {
					t.Fatalf("Migrate: %v", err)
				}
			}
			if got := versions(t, db, "notes"); got != 3 {
				t.Errorf("recorded versions = %d, want 3", got)
			}
			var seen []string
			rows, err := db.Query(ctx, `SELECT engine FROM seen`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var e string
				if err := rows.Scan(&e); err != nil {
					t.Fatal(err)
				}
				seen = append(seen, e)
			}
			if len(seen) != 1 || seen[0] != engine {
				t.Errorf("engine variants run = %v, want [%s]", seen, engine)
			}
		})
		t.Run("migrated database passes the check", func(t *testing.T) {
			if err := db.CheckSchema(ctx, "notes", v2); err != nil {
				t.Errorf("CheckSchema = %v", err)
			}
		})
		t.Run("owners are independent", func(t *testing.T) {
			if err := db.CheckSchema(ctx, "other", v1); !errors.Is(err, sqldb.ErrSchemaOld) {
				t.Errorf("CheckSchema(other) = %v, want ErrSchemaOld", err)
			}
		})
		t.Run("newer schema is refused", func(t *testing.T) {
			want := "database schema for notes is at version 3 but this gdx knows only 1: upgrade gdx"
			for name, err := range map[string]error{
				"Migrate":     db.Migrate(ctx, "notes", v1),
				"CheckSchema": db.CheckSchema(ctx, "notes", v1),
			} {
				if !errors.Is(err, sqldb.ErrSchemaNewer) || !strings.Contains(err.Error(), want) {
					t.Errorf("%s = %v, want ErrSchemaNewer saying %q", name, err, want)
				}
			}
		})
	})
}

func versions(t testing.TB, db *sqldb.DB, owner string) int64 {
	t.Helper()
	var n int64
	err := db.QueryRow(context.Background(), `SELECT count(*) FROM schema_migrations WHERE owner = $1`, owner).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMigrateConcurrent runs Migrate from several handles at once, as
// replicas starting together would.
func TestMigrateConcurrent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		url := sqldbtest.URL(t, engine)
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			db := sqldbtest.OpenURL(t, url)
			wg.Go(func() { errs[i] = db.Migrate(context.Background(), "notes", v2) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("Migrate #%d: %v", i, err)
			}
		}
		if got := versions(t, sqldbtest.OpenURL(t, url), "notes"); got != 3 {
			t.Errorf("recorded versions = %d, want 3", got)
		}
	})
}

func TestMigrateRejectsFiles(t *testing.T) {
	sql := []byte(`CREATE TABLE x (id TEXT);`)
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"bad name", fstest.MapFS{"init.sql": {Data: sql}}, "name must be NNN_name.sql"},
		{"version zero", fstest.MapFS{"000_init.sql": {Data: sql}}, "version must be a number from 1"},
		{"shared version", fstest.MapFS{"001_a.sql": {Data: sql}, "1_b.sql": {Data: sql}}, "share version 1"},
		{"one variant only", fstest.MapFS{"001_a.postgres.sql": {Data: sql}}, "lacks a .postgres.sql or .sqlite.sql variant"},
		{"variants disagree on name", fstest.MapFS{"001_a.sql": {Data: sql}, "001_b.sqlite.sql": {Data: sql}}, "different names"},
		{"bad SQL names the file", fstest.MapFS{"001_a.sql": {Data: []byte("CREATE TABLE (")}}, "migration 001_a.sql of t"},
	}
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		db := sqldbtest.Open(t, engine)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := db.Migrate(context.Background(), "t", tt.files)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Migrate = %v, want an error containing %q", err, tt.want)
				}
			})
		}
	})
}
