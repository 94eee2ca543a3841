package sqlstore

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
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

// scanner is what sqldb.Row and sqldb.Rows have in common.
type scanner = sqldb.Row

// notFound turns sqldb.ErrNoRows into a not-found error naming the thing;
// any other error is wrapped as internal with the operation.
func notFound(err error, op, what string) error {
	if errors.Is(err, sqldb.ErrNoRows) {
		return catalog.Errorf(catalog.KindNotFound, "%s not found", what).Wrap(err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// toJSON encodes a list for a TEXT column; nil stays null so that it reads
// back as nil.
func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode JSON column: %w", err)
	}
	return string(b), nil
}

// fromJSON decodes a TEXT column written by toJSON.
func fromJSON(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("decode JSON column: %w", err)
	}
	return nil
}

// sortByKey orders xs by key in byte order.
//
// NOTE: lists are sorted here, not by ORDER BY, because PostgreSQL sorts
// text by the database's collation (en_US ignores '-' and '.') and SQLite
// by bytes; sorting in Go gives one order on both.
func sortByKey[T any](xs []T, key func(T) string) {
	slices.SortFunc(xs, func(a, b T) int { return strings.Compare(key(a), key(b)) })
}
