package sqlstore

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/policies"
)

// writeLock serialises the workflow's read-then-write transactions.
const writeLock = "gdx:policies"

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the policy versions' and decision log's tables and their migrations.
var Schema = sqldb.NewSchema("policies", migrationFiles)

// Migrate brings the policy versions' and decision log's tables up to date; see sqldb.Schema.Migrate.
func Migrate(ctx context.Context, db *sqldb.DB) error { return Schema.Migrate(ctx, db) }

// Store is the SQL implementation of policies.VersionStore and
// policies.DecisionLog. Its tables must have been created with Migrate.
type Store struct {
	db *sqldb.DB
}

var (
	_ policies.VersionStore = (*Store)(nil)
	_ policies.DecisionLog  = (*Store)(nil)
)

// New returns a Store on db.
func New(db *sqldb.DB) *Store { return &Store{db: db} }

// scanner is what sqldb.Row and sqldb.Rows have in common.
type scanner = sqldb.Row

// notFound turns sqldb.ErrNoRows into a not-found error naming the thing.
func notFound(err error, op, what string) error {
	if errors.Is(err, sqldb.ErrNoRows) {
		return catalog.Errorf(catalog.KindNotFound, "%s not found", what).Wrap(err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

func conflict(format string, args ...any) *catalog.Error {
	return catalog.Errorf(catalog.KindConflict, format, args...)
}

// toJSON encodes a value for a TEXT column.
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

// jsonColumns encodes several values, stopping at the first error.
func jsonColumns(vs ...any) ([]string, error) {
	out := make([]string, len(vs))
	for i, v := range vs {
		s, err := toJSON(v)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// nextID returns the next id of a table whose writes hold writeLock.
func nextID(ctx context.Context, tx sqldb.Tx, table string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) + 1 FROM "+table).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("next id of %s: %w", table, err)
	}
	return id, nil
}
