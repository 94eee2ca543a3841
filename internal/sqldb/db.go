package sqldb

import (
	"context"

	"fmt"
)

// Engine names.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// Querier runs SQL written with $1 placeholders. Errors wrap ErrNoRows,
// ErrConflict or ErrForeignKey where they apply.
type Querier interface {
	// Exec runs a statement and returns the number of rows it affected.
	Exec(ctx context.Context, sql string, args ...any) (int64, error)
	// Query runs a query; the caller must Close the rows.
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	// QueryRow runs a query expected to return at most one row; its Scan
	// returns an error wrapping ErrNoRows when there is none.
	QueryRow(ctx context.Context, sql string, args ...any) Row
}

// Tx is a database transaction handed to the function given to InTx.
type Tx interface {
	Querier
	// Lock takes an exclusive lock named key that is held until the
	// transaction ends. On PostgreSQL it is an advisory transaction lock;
	// on SQLite it does nothing, since write transactions there already
	// run one at a time.
	Lock(ctx context.Context, key string) error
	// Batch runs stmts in order and returns the rows each affected. On
	// PostgreSQL they travel in one round trip (a pgx batch), which is
	// what a group commit of many statements needs; on SQLite, in
	// process, they run one after another. It stops at the first
	// statement that fails and returns a *BatchError naming it; the
	// transaction can then only be rolled back.
	Batch(ctx context.Context, stmts []Stmt) ([]int64, error)
}

// Stmt is one statement of a Tx.Batch.
type Stmt struct {
	SQL  string
	Args []any
}

// BatchError is the error of a Tx.Batch: the index of the statement that
// failed (-1 for the BEGIN a PostgreSQL transaction sends with its first
// batch) and its error, mapped as every error here (so errors.Is finds
// ErrConflict and the others through it).
type BatchError struct {
	Index int
	Err   error
}

func (e *BatchError) Error() string {
	return fmt.Sprintf("sqldb: statement %d of a batch: %v", e.Index, e.Err)
}

// Unwrap returns the statement's error.
func (e *BatchError) Unwrap() error { return e.Err }

// Rows is the result of Query.
type Rows interface {
	// Next advances to the next row and reports whether there is one.
	Next() bool
	// Scan copies the current row's columns into dest.
	Scan(dest ...any) error
	// Err returns the error, if any, that ended the iteration.
	Err() error
	// Close releases the rows; it is safe to call more than once.
	Close()
}

// Row is the result of QueryRow.
type Row interface {
	// Scan copies the row's columns into dest, or returns an error
	// wrapping ErrNoRows.
	Scan(dest ...any) error
}

// txConn is an open transaction of either engine.
type txConn interface {
	Tx
	commit(ctx context.Context) error
	rollback(ctx context.Context) error
}

// DB is an open database of either engine. It is safe for concurrent use.
type DB struct {
	engine string
	write  Querier // Exec runs here
	read   Querier // Query and QueryRow run here
	begin  func(ctx context.Context) (txConn, error)
	// commitBatch is CommitBatch's engine's own way, if it has one.
	commitBatch func(ctx context.Context, stmts []Stmt) ([]int64, error)
	ping        func(ctx context.Context) error
	close       func()
	// changes tells this process's observers of committed writes
	// (changes.go); stream opens a change stream (stream.go).
	changes changeHub
	stream  func(ctx context.Context, counters []string) (ChangeStream, error)
}

// Engine returns "postgres" or "sqlite".
func (db *DB) Engine() string { return db.engine }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.ping(ctx); err != nil {
		return fmt.Errorf("sqldb: ping %s: %w", db.engine, err)
	}
	return nil
}

// Close releases every connection.
func (db *DB) Close() { db.close() }

// Exec runs a statement outside any explicit transaction and returns the
// number of rows it affected.
func (db *DB) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	return db.write.Exec(ctx, sql, args...)
}

// Query runs a read-only query; the caller must Close the rows.
func (db *DB) Query(ctx context.Context, sql string, args ...any) (Rows, error) {
	return db.read.Query(ctx, sql, args...)
}

// WriteRow runs one writing statement that returns at most one row
// (INSERT … RETURNING), outside any explicit transaction: one round trip,
// and on PostgreSQL row locks held only for the statement.
func (db *DB) WriteRow(ctx context.Context, sql string, args ...any) Row {
	return db.write.QueryRow(ctx, sql, args...)
}

// QueryRow runs a read-only query expected to return at most one row.
func (db *DB) QueryRow(ctx context.Context, sql string, args ...any) Row {
	return db.read.QueryRow(ctx, sql, args...)
}

// InTx runs fn in a transaction, committing when fn returns nil and rolling
// back when it returns an error or panics. fn's error comes back unchanged.
//
// NOTE: on SQLite all writes share one connection, so fn must use tx, not
// db, to write: a db.Exec inside fn waits for a connection fn is holding.
func (db *DB) InTx(ctx context.Context, fn func(tx Tx) error) (err error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("sqldb: begin: %w", mapErr(err))
	}
	committed := false
	defer func() {
		if !committed {
			// The rollback error matters less than fn's error or panic.
			_ = tx.rollback(context.WithoutCancel(ctx))
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	committed = true
	if err := tx.commit(ctx); err != nil {
		return fmt.Errorf("sqldb: commit: %w", mapErr(err))
	}
	return nil
}

// CommitBatch runs stmts as one transaction, committed only if every
// statement succeeds, and returns the rows each affected; a failing
// statement rolls back all of them and comes back as a *BatchError
// naming it.
//
// On PostgreSQL the statements go in one pipeline with no BEGIN:
// PostgreSQL runs the statements up to a pipeline's Sync as one implicit
// transaction and commits it at the Sync, so a durable group commit is a
// single round trip instead of a Batch and then a COMMIT. The price is
// that the caller sees the results only after the commit: whatever must
// stop the commit has to fail as a statement (a constraint, a NOT NULL),
// not be checked from the rows affected.
func (db *DB) CommitBatch(ctx context.Context, stmts []Stmt) ([]int64, error) {
	if db.commitBatch != nil {
		return db.commitBatch(ctx, stmts)
	}
	var affected []int64
	err := db.InTx(ctx, func(tx Tx) (err error) {
		affected, err = tx.Batch(ctx, stmts)
		return err
	})
	return affected, err
}

// rowFunc adapts a scan function to Row.
type rowFunc func(dest ...any) error

// Scan implements Row.
func (f rowFunc) Scan(dest ...any) error { return f(dest...) }

// List runs a query and scans every row with scan, for stores that read
// lists of records.
func List[T any](ctx context.Context, q Querier, scan func(Row) (T, error), sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
