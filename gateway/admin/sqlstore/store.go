package sqlstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/sqldb"
	"github.com/gdx-exchange/gdx/gateway/admin"
)

// Owner names the admin store's migrations in schema_migrations.
const Owner = "admin"

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the admin store's migration files.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded directory always exists
	}
	return sub
}

// Migrate brings the admin tables up to date; it refuses, wrapping
// sqldb.ErrSchemaNewer, a database that a newer gdx has migrated.
func Migrate(ctx context.Context, db *sqldb.DB) error {
	return db.Migrate(ctx, Owner, Migrations())
}

// CheckSchema reports whether the admin tables match this gdx; see
// sqldb.DB.CheckSchema.
func CheckSchema(ctx context.Context, db *sqldb.DB) error {
	return db.CheckSchema(ctx, Owner, Migrations())
}

// Store is the SQL implementation of admin.Store. Its tables must have
// been created with Migrate.
type Store struct {
	db *sqldb.DB
}

var _ admin.Store = (*Store)(nil)

// New returns a Store on db.
func New(db *sqldb.DB) *Store { return &Store{db: db} }

// scanner is what sqldb.Row and sqldb.Rows have in common.
type scanner interface {
	Scan(dest ...any) error
}

// notFound turns sqldb.ErrNoRows into a not-found error naming the thing;
// any other error is wrapped with the operation.
func notFound(err error, op, what string) error {
	if errors.Is(err, sqldb.ErrNoRows) {
		return catalog.Errorf(catalog.KindNotFound, "%s not found", what).Wrap(err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

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
