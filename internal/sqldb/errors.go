package sqldb

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Sentinel errors. Errors from DB, Tx, Rows and Row wrap at most one of them
// together with the driver's own error; test with errors.Is.
var (
	// ErrNoRows reports that a QueryRow found no row.
	ErrNoRows = errors.New("sqldb: no rows")

	// ErrConflict reports a unique or primary key violation.
	ErrConflict = errors.New("sqldb: unique constraint violated")

	// ErrForeignKey reports a foreign key violation.
	ErrForeignKey = errors.New("sqldb: foreign key violated")

	// ErrNotNull reports a NULL written to a NOT NULL column, which a
	// statement may provoke on purpose to stop a CommitBatch.
	ErrNotNull = errors.New("sqldb: not-null constraint violated")

	// ErrSchemaNewer reports a database migrated by a newer gdx than this one.
	ErrSchemaNewer = errors.New("sqldb: database schema is newer than this gdx")

	// ErrSchemaOld reports a database with migrations still to apply.
	ErrSchemaOld = errors.New("sqldb: database schema needs migrating")

	// ErrUnavailable reports that the database cannot be reached or
	// refuses connections: retry later. Errors wrapping it also answer
	// Unavailable() true, which catalog.ErrorKind reads without
	// importing this package.
	ErrUnavailable error = unavailableError{}
)

// unavailableError is ErrUnavailable's type.
type unavailableError struct{}

func (unavailableError) Error() string     { return "sqldb: the database is unavailable" }
func (unavailableError) Unavailable() bool { return true }

// PostgreSQL SQLSTATE codes (PostgreSQL manual, appendix A).
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
	pgNotNullViolation    = "23502"
)

// mapErr wraps a driver error with the sentinel it stands for, keeping the
// driver error in the chain for logs.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows) || errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: %w", ErrNoRows, err)
	case isConflict(err):
		return fmt.Errorf("%w: %w", ErrConflict, err)
	case isForeignKey(err):
		return fmt.Errorf("%w: %w", ErrForeignKey, err)
	case isNotNull(err):
		return fmt.Errorf("%w: %w", ErrNotNull, err)
	case isUnavailable(err):
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return err
}

// isUnavailable reports a lost or refused connection: connection errors,
// SQLSTATE class 08, admin or crash shutdown (57P01-57P03), too many
// connections (53300), network errors and timeouts.
func isUnavailable(err error) bool {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) { // whatever the server said while refusing
		return true
	}
	if code, ok := pgCode(err); ok {
		return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03" || code == "53300"
	}
	var ne *net.OpError
	return errors.As(err, &ne) || pgconn.Timeout(err) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, driver.ErrBadConn)
}

func isConflict(err error) bool {
	if code, ok := pgCode(err); ok {
		return code == pgUniqueViolation
	}
	code, ok := sqliteCode(err)
	return ok && (code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

func isForeignKey(err error) bool {
	if code, ok := pgCode(err); ok {
		return code == pgForeignKeyViolation
	}
	code, ok := sqliteCode(err)
	return ok && code == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

func isNotNull(err error) bool {
	if code, ok := pgCode(err); ok {
		return code == pgNotNullViolation
	}
	code, ok := sqliteCode(err)
	return ok && code == sqlite3.SQLITE_CONSTRAINT_NOTNULL
}

func pgCode(err error) (string, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code, true
	}
	return "", false
}

// sqliteCode returns the extended result code; modernc.org/sqlite turns
// extended codes on for every connection.
func sqliteCode(err error) (int, bool) {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code(), true
	}
	return 0, false
}
