package sqldb_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

const schema = `
CREATE TABLE owners (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE things (
	id       TEXT PRIMARY KEY,
	owner    TEXT NOT NULL REFERENCES owners (code),
	n        BIGINT NOT NULL DEFAULT 0,
	at       BIGINT,
	ok       BOOLEAN NOT NULL DEFAULT FALSE,
	blob     BYTEA,
	doc      TEXT NOT NULL DEFAULT '{}'
);`

// openSchema opens a fresh database of the engine holding the test schema.
func openSchema(t testing.TB, engine string) *sqldb.DB {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if _, err := db.Exec(context.Background(), schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	mustExec(t, db, `INSERT INTO owners (code, name) VALUES ($1, $2)`, "DOPA", "กรมการปกครอง")
	return db
}

func mustExec(t testing.TB, q sqldb.Querier, sql string, args ...any) {
	t.Helper()
	if _, err := q.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func TestOpenEngine(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		db := sqldbtest.Open(t, engine)
		if got := db.Engine(); got != engine {
			t.Errorf("Engine() = %q, want %q", got, engine)
		}
		if err := db.Ping(context.Background()); err != nil {
			t.Errorf("Ping: %v", err)
		}
	})
}

func TestErrorMapping(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		db := openSchema(t, engine)
		ctx := context.Background()
		mustExec(t, db, `INSERT INTO things (id, owner) VALUES ($1, $2)`, "a", "DOPA")
		tests := []struct {
			name string
			run  func() error
			want error
		}{
			{"duplicate primary key is conflict", func() error {
				_, err := db.Exec(ctx, `INSERT INTO things (id, owner) VALUES ($1, $2)`, "a", "DOPA")
				return err
			}, sqldb.ErrConflict},
			{"missing parent is foreign key", func() error {
				_, err := db.Exec(ctx, `INSERT INTO things (id, owner) VALUES ($1, $2)`, "b", "NOPE")
				return err
			}, sqldb.ErrForeignKey},
			{"no row is not found", func() error {
				var id string
				return db.QueryRow(ctx, `SELECT id FROM things WHERE id = $1`, "zzz").Scan(&id)
			}, sqldb.ErrNoRows},
			{"conflict inside a transaction", func() error {
				return db.InTx(ctx, func(tx sqldb.Tx) error {
					_, err := tx.Exec(ctx, `INSERT INTO owners (code, name) VALUES ($1, $1)`, "DOPA")
					return err
				})
			}, sqldb.ErrConflict},
			{"no row inside a transaction", func() error {
				return db.InTx(ctx, func(tx sqldb.Tx) error {
					var n int64
					return tx.QueryRow(ctx, `SELECT n FROM things WHERE id = $1`, "zzz").Scan(&n)
				})
			}, sqldb.ErrNoRows},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := tt.run(); !errors.Is(err, tt.want) {
					t.Errorf("error = %v, want one wrapping %v", err, tt.want)
				}
			})
		}
	})
}

func TestTypesRoundTrip(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		db := openSchema(t, engine)
		ctx := context.Background()
		at := time.Date(2025, 3, 1, 9, 30, 15, 123456789, time.FixedZone("ICT", 7*3600))
		blob := []byte{0, 1, 2, 0xff}
		mustExec(t, db, `INSERT INTO things (id, owner, n, at, ok, blob, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			"a", "DOPA", int64(1)<<40, sqldb.Micros(at), true, blob, `{"th":"ไทย"}`)
		mustExec(t, db, `INSERT INTO things (id, owner) VALUES ($1, $2)`, "b", "DOPA")

		var (
			n        int64
			us       *int64
			ok       bool
			gotBlob  []byte
			doc      string
			emptyAt  *int64
			emptyBin []byte
		)
		err := db.QueryRow(ctx, `SELECT n, at, ok, blob, doc FROM things WHERE id = $1`, "a").Scan(&n, &us, &ok, &gotBlob, &doc)
		if err != nil {
			t.Fatal(err)
		}
		if got := sqldb.FromNullMicros(us); got == nil || !got.Equal(at.Truncate(time.Microsecond)) || got.Location() != time.UTC {
			t.Errorf("at = %v, want %v in UTC", got, at.Truncate(time.Microsecond))
		}
		if n != 1<<40 || !ok || !bytes.Equal(gotBlob, blob) || doc != `{"th":"ไทย"}` {
			t.Errorf("got n=%d ok=%v blob=%x doc=%s", n, ok, gotBlob, doc)
		}
		if err := db.QueryRow(ctx, `SELECT at, blob, ok FROM things WHERE id = $1`, "b").Scan(&emptyAt, &emptyBin, &ok); err != nil {
			t.Fatal(err)
		}
		if emptyAt != nil || emptyBin != nil || ok {
			t.Errorf("NULLs read back as at=%v blob=%v ok=%v", emptyAt, emptyBin, ok)
		}
	})
}

func TestInTx(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name    string
		fn      func(tx sqldb.Tx) error
		wantErr error
		want    int64 // rows in things afterwards
	}{
		{"commits on nil", func(tx sqldb.Tx) error { return insert(tx, "a") }, nil, 1},
		{"rolls back on error", func(tx sqldb.Tx) error {
			if err := insert(tx, "a"); err != nil {
				return err
			}
			return fmt.Errorf("later: %w", errBoom)
		}, errBoom, 0},
		{"rolls back on a failed statement", func(tx sqldb.Tx) error {
			if err := insert(tx, "a"); err != nil {
				return err
			}
			return insert(tx, "a")
		}, sqldb.ErrConflict, 0},
	}
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				db := openSchema(t, engine)
				err := db.InTx(context.Background(), tt.fn)
				if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
					t.Fatalf("InTx error = %v, want %v", err, tt.wantErr)
				}
				if got := count(t, db); got != tt.want {
					t.Errorf("rows afterwards = %d, want %d", got, tt.want)
				}
			})
		}
		t.Run("rolls back on panic", func(t *testing.T) {
			db := openSchema(t, engine)
			func() {
				defer func() { _ = recover() }()
				_ = db.InTx(context.Background(), func(tx sqldb.Tx) error {
					_ = insert(tx, "a")
					panic("boom")
				})
			}()
			if got := count(t, db); got != 0 {
				t.Errorf("rows afterwards = %d, want 0", got)
			}
		})
	})
}

func insert(tx sqldb.Tx, id string) error {
	_, err := tx.Exec(context.Background(), `INSERT INTO things (id, owner) VALUES ($1, 'DOPA')`, id)
	return err
}

func count(t testing.TB, db *sqldb.DB) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(context.Background(), `SELECT count(*) FROM things`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestConcurrentWriters runs read-modify-write transactions from many
// goroutines and from two handles on one database (as two processes
// would): none may fail with SQLITE_BUSY, and with Lock none may lose an
// update on PostgreSQL.
func TestConcurrentWriters(t *testing.T) {
	const workers, rounds = 8, 25
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		url := sqldbtest.URL(t, engine)
		dbs := []*sqldb.DB{sqldbtest.OpenURL(t, url), sqldbtest.OpenURL(t, url)}
		mustExec(t, dbs[0], schema)
		mustExec(t, dbs[0], `INSERT INTO owners (code, name) VALUES ('DOPA', 'x')`)
		mustExec(t, dbs[0], `INSERT INTO things (id, owner) VALUES ('c', 'DOPA')`)
		var wg sync.WaitGroup
		errs := make(chan error, workers*rounds)
		for w := range workers {
			wg.Go(func() {
				for range rounds {
					errs <- increment(dbs[w%2])
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent write: %v", err)
			}
		}
		var n int64
		if err := dbs[1].QueryRow(context.Background(), `SELECT n FROM things WHERE id = 'c'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != workers*rounds {
			t.Errorf("counter = %d, want %d", n, workers*rounds)
		}
	})
}

func increment(db *sqldb.DB) error {
	ctx := context.Background()
	return db.InTx(ctx, func(tx sqldb.Tx) error {
		if err := tx.Lock(ctx, "counter"); err != nil {
			return err
		}
		var n int64
		if err := tx.QueryRow(ctx, `SELECT n FROM things WHERE id = 'c'`).Scan(&n); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE things SET n = $1 WHERE id = 'c'`, n+1)
		return err
	})
}
