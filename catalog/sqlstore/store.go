package sqlstore

import (
	"context"
	"embed"
	"slices"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the catalog's tables and their migrations.
var Schema = sqldb.NewSchema("catalog", migrationFiles)

// Migrate brings the catalog's tables up to date; see sqldb.Schema.Migrate.
func Migrate(ctx context.Context, db *sqldb.DB) error { return Schema.Migrate(ctx, db) }

// Store is the SQL implementation of catalog.Store. Its tables must have
// been created with Migrate.
type Store struct {
	db *sqldb.DB
}

var _ catalog.Store = (*Store)(nil)

// New returns a Store on db.
func New(db *sqldb.DB) *Store { return &Store{db: db} }

// sortByKey orders xs by key in byte order.
//
// NOTE: lists are sorted here, not by ORDER BY, because PostgreSQL sorts
// text by the database's collation (en_US ignores '-' and '.') and SQLite
// by bytes; sorting in Go gives one order on both.
func sortByKey[T any](xs []T, key func(T) string) {
	slices.SortFunc(xs, func(a, b T) int { return strings.Compare(key(a), key(b)) })
}
