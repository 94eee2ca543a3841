package sqlstore

import (
	"context"
	"embed"
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

func conflict(format string, args ...any) *catalog.Error {
	return catalog.Errorf(catalog.KindConflict, format, args...)
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
