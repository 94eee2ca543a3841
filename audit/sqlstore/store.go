package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"

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

// listFromJSON reads a list column as sqldb writes it: a nil or empty
// list is stored as '[]' (sqldb.EncodeStrings, listColumns) and read back
// as nil, as the Writer hands lists over.
var listFromJSON = sqldb.DecodeList[string]

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

// multiInsert returns an INSERT of rows rows of the columns. The texts
// are kept: with chunkSize there are only a few per table.
func multiInsert(table, columns string, ncols, rows int) string {
	key := insertShape{table, columns, ncols, rows}
	if q, ok := insertTexts.Load(key); ok {
		return q.(string)
	}
	values := make([]string, rows)
	for r := range rows {
		values[r] = placeholders(r*ncols+1, ncols)
	}
	q := "INSERT INTO " + table + " (" + columns + ") VALUES " + strings.Join(values, ", ")
	insertTexts.Store(key, q)
	return q
}

type insertShape struct {
	table, columns string
	ncols, rows    int
}

var insertTexts sync.Map // insertShape → string

// chunkSize returns the rows of the next INSERT of n rows, at most limit
// (a power of two): all n when they are at most exactRows, else the
// largest power of two not above either. A batch of any size is then
// written in statements of a few shapes (1 to exactRows, then 16, 32, …
// limit rows), which pgx prepares once and keeps in its statement cache;
// one shape per batch size would crowd that cache and have PostgreSQL
// parse and plan a statement of hundreds of placeholders per batch. The
// small batches of a lightly loaded gateway, where a commit costs the
// most per lookup, so take one statement per table rather than up to
// three (7 = 4 + 2 + 1).
func chunkSize(n, limit int) int {
	if n <= exactRows && n <= limit {
		return n
	}
	c := 1
	for c*2 <= n && c*2 <= limit {
		c *= 2
	}
	return c
}

// exactRows is the largest INSERT that chunkSize gives its own shape.
const exactRows = 8

// sortedUnique sorts names in byte order (the same on both engines, unlike
// ORDER BY under a PostgreSQL collation) and drops repeats.
func sortedUnique(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}
