package sqlstore

import (
	"context"
	"embed"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the stewards' and sessions' tables and their migrations.
var Schema = sqldb.NewSchema("admin", migrationFiles)

// Migrate brings the stewards' and sessions' tables up to date; see sqldb.Schema.Migrate.
func Migrate(ctx context.Context, db *sqldb.DB) error { return Schema.Migrate(ctx, db) }

// Store is the SQL implementation of admin.Store. Its tables must have
// been created with Migrate.
type Store struct {
	db *sqldb.DB
}

var _ admin.Store = (*Store)(nil)

// New returns a Store on db.
func New(db *sqldb.DB) *Store { return &Store{db: db} }

// mustChange turns "no row changed" into not found.
func mustChange(n int64, err error, op, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n == 0 {
		return catalog.Errorf(catalog.KindNotFound, "%s not found", what)
	}
	return nil
}
