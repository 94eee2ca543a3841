package sqldb_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

func TestTxBatch(t *testing.T) {
	ins := func(id string) sqldb.Stmt {
		return sqldb.Stmt{SQL: `INSERT INTO things (id, owner) VALUES ($1, 'DOPA') ON CONFLICT (id) DO NOTHING`, Args: []any{id}}
	}
	bump := sqldb.Stmt{SQL: `UPDATE things SET n = n + 1 WHERE id IN ('a', 'b')`}
	tests := []struct {
		name      string
		stmts     []sqldb.Stmt
		want      []int64 // rows affected per statement
		wantIndex int     // failing statement, or -1
		wantErr   error
		wantRows  int64 // things afterwards (each case starts with "a" stored)
	}{
		{"counts each statement's rows", []sqldb.Stmt{ins("b"), ins("a"), bump}, []int64{1, 0, 2}, -1, nil, 2},
		{"later statements see earlier ones", []sqldb.Stmt{ins("b"), {SQL: `DELETE FROM things WHERE id = 'b'`}}, []int64{1, 1}, -1, nil, 1},
		{"names the failing statement and keeps nothing", []sqldb.Stmt{ins("b"),
			{SQL: `INSERT INTO things (id, owner) VALUES ('a', 'DOPA')`}, ins("c")}, nil, 1, sqldb.ErrConflict, 1},
		{"maps foreign keys", []sqldb.Stmt{{SQL: `INSERT INTO things (id, owner) VALUES ('z', 'NOPE')`}}, nil, 0, sqldb.ErrForeignKey, 1},
		{"maps a NULL into NOT NULL", []sqldb.Stmt{ins("b"), {SQL: `UPDATE things SET owner = CASE WHEN n = 7 THEN owner END WHERE id = 'a'`}},
			nil, 1, sqldb.ErrNotNull, 1},
	}
	// Both ways of running a batch must mean the same: in a transaction
	// of the caller's, and as a transaction of its own (one pipeline on
	// PostgreSQL, committed at its Sync).
	ways := map[string]func(db *sqldb.DB, stmts []sqldb.Stmt) ([]int64, error){
		"Tx.Batch": func(db *sqldb.DB, stmts []sqldb.Stmt) (got []int64, err error) {
			err = db.InTx(context.Background(), func(tx sqldb.Tx) error {
				got, err = tx.Batch(context.Background(), stmts)
				return err
			})
			return got, err
		},
		"DB.CommitBatch": func(db *sqldb.DB, stmts []sqldb.Stmt) ([]int64, error) {
			return db.CommitBatch(context.Background(), stmts)
		},
	}
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		for way, run := range ways {
			for _, tt := range tests {
				t.Run(way+"/"+tt.name, func(t *testing.T) {
					db := openSchema(t, engine)
					mustExec(t, db, `INSERT INTO things (id, owner) VALUES ('a', 'DOPA')`)
					got, err := run(db, tt.stmts)
					var be *sqldb.BatchError
					switch {
					case tt.wantErr == nil && err != nil:
						t.Fatalf("Batch: %v", err)
					case tt.wantErr != nil && (!errors.As(err, &be) || be.Index != tt.wantIndex || !errors.Is(err, tt.wantErr)):
						t.Fatalf("Batch error = %v, want statement %d failing with %v", err, tt.wantIndex, tt.wantErr)
					case !slices.Equal(got, tt.want):
						t.Errorf("rows affected = %v, want %v", got, tt.want)
					}
					if n := count(t, db); n != tt.wantRows {
						t.Errorf("rows afterwards = %d, want %d", n, tt.wantRows)
					}
				})
			}
		}
	})
}

// TestCommitBatchKeepsNoConnection: failed and committed batches of their
// own give their connection back, in a state a later statement can use
// (on PostgreSQL, outside any transaction block).
func TestCommitBatchKeepsNoConnection(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := openSchema(t, engine)
		mustExec(t, db, `INSERT INTO things (id, owner) VALUES ('a', 'DOPA')`)
		for i := range 30 { // more than any pool holds
			_, err := db.CommitBatch(ctx, []sqldb.Stmt{{SQL: `INSERT INTO things (id, owner) VALUES ('c', 'DOPA')`},
				{SQL: `INSERT INTO things (id, owner) VALUES ('a', 'DOPA')`}})
			if !errors.Is(err, sqldb.ErrConflict) {
				t.Fatalf("batch %d: %v, want a conflict", i, err)
			}
			if _, err := db.CommitBatch(ctx, []sqldb.Stmt{{SQL: `UPDATE things SET n = n + 1 WHERE id = 'a'`}}); err != nil {
				t.Fatalf("batch %d after a failed one: %v", i, err)
			}
		}
		var n int64
		if err := db.QueryRow(ctx, `SELECT n FROM things WHERE id = 'a'`).Scan(&n); err != nil || n != 30 || count(t, db) != 1 {
			t.Errorf("afterwards n = %d (%v) and %d rows, want 30 and 1", n, err, count(t, db))
		}
	})
}

// TestTxBatchThenStatements: a batch may open the transaction and other
// statements follow it in the same transaction; an empty transaction
// commits; a batch's failure ignored by fn still rolls everything back;
// and none of this keeps a connection from the pool.
func TestTxBatchThenStatements(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := openSchema(t, engine)
		err := db.InTx(ctx, func(tx sqldb.Tx) error {
			if _, err := tx.Batch(ctx, []sqldb.Stmt{{SQL: `INSERT INTO things (id, owner) VALUES ('a', 'DOPA')`}}); err != nil {
				return err
			}
			var n int64
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM things`).Scan(&n); err != nil || n != 1 {
				t.Errorf("the batch's row seen in its transaction: %d, %v", n, err)
			}
			_, err := tx.Batch(ctx, []sqldb.Stmt{{SQL: `INSERT INTO things (id, owner) VALUES ('b', 'DOPA')`}})
			return err
		})
		if err != nil || count(t, db) != 2 {
			t.Fatalf("InTx = %v with %d rows, want both rows committed", err, count(t, db))
		}
		if err := db.InTx(ctx, func(sqldb.Tx) error { return nil }); err != nil {
			t.Errorf("an empty transaction: %v", err)
		}
		// On PostgreSQL the failed statement aborts the transaction, so the
		// commit fn asks for reports the rollback; SQLite keeps the rows
		// before the failure, which is why Batch's callers must return its
		// error. Either way the connection goes back to the pool.
		for range 30 { // more than any pool holds
			err := db.InTx(ctx, func(tx sqldb.Tx) error {
				_, _ = tx.Batch(ctx, []sqldb.Stmt{{SQL: `INSERT INTO things (id, owner) VALUES ('c', 'DOPA')`},
					{SQL: `INSERT INTO things (id, owner) VALUES ('a', 'DOPA')`}})
				return nil // ignoring the failure must not commit half of it
			})
			if engine == sqldb.Postgres && err == nil {
				t.Fatal("a commit after a failed batch reported success")
			}
		}
		if n := count(t, db); n != 2 && engine == sqldb.Postgres {
			t.Errorf("rows afterwards = %d, want 2", n)
		}
	})
}
