package sqldb

import (
	"context"
	"database/sql"
	"errors"
)

// sqlQuerier is what a sql.DB and a sql.Tx have in common.
type sqlQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// sqlRunner runs SQL on a database/sql pool or transaction.
type sqlRunner struct{ q sqlQuerier }

// Exec implements Querier.
func (s sqlRunner) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, mapErr(err)
	}
	return n, nil
}

// Query implements Querier.
func (s sqlRunner) Query(ctx context.Context, query string, args ...any) (Rows, error) {
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	return sqlRows{rows}, nil
}

// QueryRow implements Querier.
func (s sqlRunner) QueryRow(ctx context.Context, query string, args ...any) Row {
	row := s.q.QueryRowContext(ctx, query, args...)
	return rowFunc(func(dest ...any) error { return mapErr(row.Scan(dest...)) })
}

// sqliteTx is an open SQLite transaction, begun IMMEDIATE (see openSQLite).
type sqliteTx struct {
	sqlRunner
	tx *sql.Tx
}

// Lock does nothing: a BEGIN IMMEDIATE transaction already excludes every
// other writer until it ends.
func (t sqliteTx) Lock(context.Context, string) error { return nil }

// Batch implements Tx: in process, a round trip costs nothing, so the
// statements simply run in turn.
func (t sqliteTx) Batch(ctx context.Context, stmts []Stmt) ([]int64, error) {
	affected := make([]int64, len(stmts))
	for i, s := range stmts {
		n, err := t.Exec(ctx, s.SQL, s.Args...)
		if err != nil {
			return nil, &BatchError{Index: i, Err: err}
		}
		affected[i] = n
	}
	return affected, nil
}

func (t sqliteTx) commit(context.Context) error { return t.tx.Commit() }

func (t sqliteTx) rollback(context.Context) error {
	if err := t.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}

// sqlRows maps the errors of sql.Rows.
type sqlRows struct{ rows *sql.Rows }

// Next implements Rows.
func (r sqlRows) Next() bool { return r.rows.Next() }

// Scan implements Rows.
func (r sqlRows) Scan(dest ...any) error { return mapErr(r.rows.Scan(dest...)) }

// Err implements Rows.
func (r sqlRows) Err() error { return mapErr(r.rows.Err()) }

// Close implements Rows.
func (r sqlRows) Close() { r.rows.Close() }

// newSQLite wraps a writer pool and a reader pool; they may be the same.
func newSQLite(w, r *sql.DB) *DB {
	return &DB{
		engine: SQLite,
		write:  sqlRunner{w},
		read:   sqlRunner{r},
		begin: func(ctx context.Context) (txConn, error) {
			tx, err := w.BeginTx(ctx, nil)
			if err != nil {
				return nil, err
			}
			return sqliteTx{sqlRunner{tx}, tx}, nil
		},
		ping: func(ctx context.Context) error {
			return errors.Join(w.PingContext(ctx), r.PingContext(ctx))
		},
		close: func() {
			r.Close()
			w.Close()
		},
		stream: func(ctx context.Context, counters []string) (ChangeStream, error) {
			return openSQLiteStream(ctx, sqlRunner{r}, counters)
		},
	}
}
