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

// pgTx is an open PostgreSQL transaction on a connection of the pool. Its
// BEGIN travels with its first Batch, or alone just before its first other
// statement: a transaction of one Batch and its COMMIT pays two round
// trips instead of three (DB.CommitBatch, one), and a transaction that
// runs nothing pays none.
type pgTx struct {
	conn  *pgxpool.Conn
	begun bool
}

// start sends BEGIN unless the transaction has begun.
func (t *pgTx) start(ctx context.Context) error {
	if t.begun {
		return nil
	}
	if _, err := t.conn.Exec(ctx, "begin"); err != nil {
		return mapErr(err)
	}
	t.begun = true
	return nil
}

// Exec implements Querier.
func (t *pgTx) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	if err := t.start(ctx); err != nil {
		return 0, err
	}
	return pgRunner{t.conn}.Exec(ctx, sql, args...)
}

// Query implements Querier.
func (t *pgTx) Query(ctx context.Context, sql string, args ...any) (Rows, error) {
	if err := t.start(ctx); err != nil {
		return nil, err
	}
	return pgRunner{t.conn}.Query(ctx, sql, args...)
}

// QueryRow implements Querier.
func (t *pgTx) QueryRow(ctx context.Context, sql string, args ...any) Row {
	if err := t.start(ctx); err != nil {
		return rowFunc(func(...any) error { return err })
	}
	return pgRunner{t.conn}.QueryRow(ctx, sql, args...)
}

// Lock implements Tx with pg_advisory_xact_lock.
func (t *pgTx) Lock(ctx context.Context, key string) error {
	_, err := t.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockID(key))
	return err
}

// Batch implements Tx with one pgx batch: every statement is sent at once,
// after BEGIN when the transaction has not begun, and their results read
// in order.
func (t *pgTx) Batch(ctx context.Context, stmts []Stmt) ([]int64, error) {
	var b pgx.Batch
	skip := 0
	if !t.begun {
		b.Queue("begin")
		skip, t.begun = 1, true // rollback must follow even if the batch fails
	}
	for _, s := range stmts {
		b.Queue(s.SQL, s.Args...)
	}
	return readBatch(t.conn.SendBatch(ctx, &b), len(stmts), skip)
}

// readBatch reads the results of a sent batch whose first skip statements
// come before the caller's n and are not counted.
func readBatch(br pgx.BatchResults, n, skip int) ([]int64, error) {
	affected := make([]int64, n)
	for i := -skip; i < n; i++ {
		tag, err := br.Exec()
		if err != nil {
			_ = br.Close() // the statement's error is the one to report
			return nil, &BatchError{Index: i, Err: mapErr(err)}
		}
		if i >= 0 {
			affected[i] = tag.RowsAffected()
		}
	}
	if err := br.Close(); err != nil {
		return nil, &BatchError{Index: n - 1, Err: mapErr(err)}
	}
	return affected, nil
}

// pgCommitBatch implements DB.CommitBatch with one pipeline on a
// connection of pool outside any transaction block: PostgreSQL runs it up
// to its Sync as one implicit transaction, committed at the Sync (and, with
// synchronous_commit on, flushed before its ReadyForQuery, which readBatch
// waits for), or rolled back whole at the first failing statement.
func pgCommitBatch(pool *pgxpool.Pool) func(ctx context.Context, stmts []Stmt) ([]int64, error) {
	return func(ctx context.Context, stmts []Stmt) ([]int64, error) {
		var b pgx.Batch
		for _, s := range stmts {
			b.Queue(s.SQL, s.Args...)
		}
		return readBatch(pool.SendBatch(ctx, &b), len(stmts), 0)
	}
}

// commit sends COMMIT, if anything began, and gives the connection back;
// the pool drops a connection left inside a transaction.
func (t *pgTx) commit(ctx context.Context) error {
	defer t.conn.Release()
	if !t.begun {
		return nil
	}
	tag, err := t.conn.Exec(ctx, "commit")
	if err != nil {
		return err
	}
	if tag.String() == "ROLLBACK" { // the transaction had failed
		return pgx.ErrTxCommitRollback
	}
	return nil
}

func (t *pgTx) rollback(ctx context.Context) error {
	defer t.conn.Release()
	if !t.begun {
		return nil
	}
	_, err := t.conn.Exec(ctx, "rollback")
	return err
}

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
			conn, err := pool.Acquire(ctx)
			if err != nil {
				return nil, err
			}
			return &pgTx{conn: conn}, nil
		},
		commitBatch: pgCommitBatch(pool),
		ping:        pool.Ping,
		close:       pool.Close,
		stream: func(ctx context.Context, _ []string) (ChangeStream, error) {
			return openPGStream(ctx, pool.Config().ConnConfig)
		},
	}
}
