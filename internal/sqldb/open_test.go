package sqldb_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb"
)

func TestRedact(t *testing.T) {
	tests := []struct{ name, url, want string }{
		{"password in user info", "postgres://gdx:s3cret@db:5432/gdx", "postgres://gdx:xxxxx@db:5432/gdx"},
		{"password in query", "postgresql://gdx@db/gdx?password=s3cret&sslmode=disable", "postgresql://gdx@db/gdx?password=xxxxx&sslmode=disable"},
		{"unparsable URL", "postgres://gdx:s3c%zz@db/gdx", "postgres://gdx:xxxxx@db/gdx"},
		{"no password", "postgres://gdx@db/gdx", "postgres://gdx@db/gdx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sqldb.Redact(tt.url); got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}

func TestOpenFailures(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		url     string
		want    []string // substrings of the error
		notWant string
	}{
		{"unreachable PostgreSQL names host and variable, hides password",
			"postgres://gdx:s3cret@127.0.0.1:1/gdx?connect_timeout=5",
			[]string{"127.0.0.1:1", "does not answer", "GDX_DATABASE_URL", "gdx:xxxxx@"}, "s3cret"},
		{"bad PostgreSQL URL hides password",
			"postgres://gdx:s3cret@127.0.0.1:1/gdx?sslmode=bogus",
			[]string{"bad PostgreSQL URL"}, "s3cret"},
		{"SQLite in a missing directory names the path",
			"sqlite:" + filepath.Join(dir, "missing", "gdx.db"),
			[]string{filepath.Join(dir, "missing", "gdx.db"), "directory"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sqldb.Open(context.Background(), tt.url)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if tt.notWant != "" && strings.Contains(err.Error(), tt.notWant) {
				t.Errorf("error %q shows %q", err, tt.notWant)
			}
		})
	}
}

func TestOpenSQLiteForms(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, url string }{
		{"sqlite:PATH", "sqlite:" + filepath.Join(dir, "a.db")},
		{"sqlite://PATH", "sqlite://" + filepath.Join(dir, "b.db")},
		{"plain path", filepath.Join(dir, "c.db")},
		{"file URI", "file:" + filepath.Join(dir, "d.db")},
		{"memory", "sqlite::memory:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sqldb.Open(context.Background(), tt.url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			mustExec(t, db, `CREATE TABLE t (x BIGINT)`)
			mustExec(t, db, `INSERT INTO t VALUES ($1)`, 7)
			var mode string
			var x int64
			if err := db.QueryRow(ctx, `SELECT x FROM t`).Scan(&x); err != nil || x != 7 {
				t.Errorf("read back %d, %v", x, err)
			}
			if err := db.QueryRow(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
				t.Fatal(err)
			}
			if tt.name != "memory" && mode != "wal" {
				t.Errorf("journal_mode = %q, want wal", mode)
			}
		})
	}
}
