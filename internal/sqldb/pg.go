package sqldb

import (
	"context"
	"hash/fnv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgQuerier is what a pgxpool.Pool and a pgx.Tx have in common.
type pgQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// pgRunner runs SQL on a pool or in a transaction.
type pgRunner struct{ q pgQuerier }

// Exec implements Querier.
func (p pgRunner) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	tag, err := p.q.Exec(ctx, sql, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	return tag.RowsAffected(), nil
}

// Query implements Querier.
func (p pgRunner) Query(ctx context.Context, sql string, args ...any) (Rows, error) {
	rows, err := p.q.Query(ctx, sql, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	return pgRows{rows}, nil
}

// QueryRow implements Querier.
func (p pgRunner) QueryRow(ctx context.Context, sql string, args ...any) Row {
	row := p.q.QueryRow(ctx, sql, args...)
	return rowFunc(func(dest ...any) error { return mapErr(row.Scan(dest...)) })
}

// pgTx is an open PostgreSQL transaction.
type pgTx struct {
	pgRunner
	tx pgx.Tx
}

// Lock implements Tx with pg_advisory_xact_lock.
func (t pgTx) Lock(ctx context.Context, key string) error {
	_, err := t.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockID(key))
	return err
}

// Batch implements Tx with one pgx batch: every statement is sent at once
// and their results read in order.
func (t pgTx) Batch(ctx context.Context, stmts []Stmt) ([]int64, error) {
	var b pgx.Batch
	for _, s := range stmts {
		b.Queue(s.SQL, s.Args...)
	}
	br := t.tx.SendBatch(ctx, &b)
	affected := make([]int64, len(stmts))
	for i := range stmts {
		tag, err := br.Exec()
		if err != nil {
			_ = br.Close() // the statement's error is the one to report
			return nil, &BatchError{Index: i, Err: mapErr(err)}
		}
		affected[i] = tag.RowsAffected()
	}
	if err := br.Close(); err != nil {
		return nil, &BatchError{Index: len(stmts) - 1, Err: mapErr(err)}
	}
	return affected, nil
}

func (t pgTx) commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t pgTx) rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

// lockID turns a lock name into PostgreSQL's 64-bit advisory lock key.
func lockID(key string) int64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return int64(h.Sum64())
}

// pgRows maps the errors of pgx.Rows.
type pgRows struct{ rows pgx.Rows }

// Next implements Rows.
func (r pgRows) Next() bool { return r.rows.Next() }

// Scan implements Rows.
func (r pgRows) Scan(dest ...any) error { return mapErr(r.rows.Scan(dest...)) }

// Err implements Rows.
func (r pgRows) Err() error { return mapErr(r.rows.Err()) }

// Close implements Rows.
func (r pgRows) Close() { r.rows.Close() }

// newPostgres wraps an open pool.
func newPostgres(pool *pgxpool.Pool) *DB {
	run := pgRunner{pool}
	return &DB{
		engine: Postgres,
		write:  run,
		read:   run,
		begin: func(ctx context.Context) (txConn, error) {
			tx, err := pool.Begin(ctx)
			if err != nil {
				return nil, err
			}
			return pgTx{pgRunner{tx}, tx}, nil
		},
		ping:  pool.Ping,
		close: pool.Close,
		stream: func(ctx context.Context, _ []string) (ChangeStream, error) {
			return openPGStream(ctx, pool.Config().ConnConfig)
		},
	}
}
