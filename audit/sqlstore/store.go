package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"slices"
	"strings"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the audit trail's tables and their migrations.
var Schema = sqldb.NewSchema("audit", migrationFiles)

// Migrate brings the audit trail's tables up to date; see sqldb.Schema.Migrate.
func Migrate(ctx context.Context, db *sqldb.DB) error { return Schema.Migrate(ctx, db) }

// Store is the SQL implementation of audit.Store. Its tables must have
// been created with Migrate.
type Store struct {
	db    *sqldb.DB
	chunk int // events per INSERT
}

var _ audit.Store = (*Store)(nil)

// New returns a Store on db.
func New(db *sqldb.DB) *Store {
	s := &Store{db: db, chunk: eventsPerInsert}
	if db.Engine() == sqldb.SQLite {
		s.chunk = eventsPerInsertSQLite
	}
	return s
}

// scanner is what sqldb.Row and sqldb.Rows have in common.
type scanner = sqldb.Row

// listJSON and listFromJSON are sqldb's list column helpers: a nil or
// empty list is stored as '[]' and read back as nil, as the Writer hands
// lists over.
var (
	listJSON     = sqldb.EncodeStrings
	listFromJSON = sqldb.DecodeList[string]
)

// placeholders returns "($s,…,$s+n-1)".
func placeholders(start, n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "$%d", start+i)
	}
	b.WriteByte(')')
	return b.String()
}

// multiInsert returns an INSERT of rows rows of the columns.
func multiInsert(table, columns string, ncols, rows int) string {
	values := make([]string, rows)
	for r := range rows {
		values[r] = placeholders(r*ncols+1, ncols)
	}
	return "INSERT INTO " + table + " (" + columns + ") VALUES " + strings.Join(values, ", ")
}

// sortedUnique sorts names in byte order (the same on both engines, unlike
// ORDER BY under a PostgreSQL collation) and drops repeats.
func sortedUnique(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}
