package sqldb

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"
)

// migrationsTable records every applied migration of every owner.
const migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	owner      TEXT   NOT NULL,
	version    BIGINT NOT NULL,
	name       TEXT   NOT NULL,
	applied_at BIGINT NOT NULL,
	PRIMARY KEY (owner, version)
)`

// migrateLock serialises Migrate across processes sharing a PostgreSQL.
const migrateLock = "gdx:schema_migrations"

// Migrate applies owner's pending migrations from files (see loadMigrations
// for the file names), each in its own transaction together with its row
// in schema_migrations. It refuses, wrapping ErrSchemaNewer, a database
// that a newer gdx has migrated further than files go. Concurrent calls,
// from any number of processes, are safe: each step holds a lock.
func (db *DB) Migrate(ctx context.Context, owner string, files fs.FS) error {
	ms, err := loadMigrations(files, db.engine)
	if err != nil {
		return err
	}
	for {
		done, err := db.migrateStep(ctx, owner, ms)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the first pending migration, or reports that none is.
func (db *DB) migrateStep(ctx context.Context, owner string, ms []migration) (done bool, err error) {
	err = db.InTx(ctx, func(tx Tx) error {
		if err := tx.Lock(ctx, migrateLock); err != nil {
			return fmt.Errorf("sqldb: lock migrations: %w", err)
		}
		if _, err := tx.Exec(ctx, migrationsTable); err != nil {
			return fmt.Errorf("sqldb: create schema_migrations: %w", err)
		}
		applied, err := appliedVersions(ctx, tx, owner)
		if err != nil {
			return err
		}
		if err := checkNotNewer(owner, applied, ms); err != nil {
			return err
		}
		next, ok := firstPending(applied, ms)
		if !ok {
			done = true
			return nil
		}
		return apply(ctx, tx, owner, next)
	})
	return done, err
}

func apply(ctx context.Context, tx Tx, owner string, m migration) error {
	if _, err := tx.Exec(ctx, m.sql); err != nil {
		return fmt.Errorf("sqldb: migration %s of %s: %w", m.file, owner, err)
	}
	_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (owner, version, name, applied_at)
		VALUES ($1, $2, $3, $4)`, owner, m.version, m.file, Micros(time.Now()))
	if err != nil {
		return fmt.Errorf("sqldb: record migration %s of %s: %w", m.file, owner, err)
	}
	return nil
}

// CheckSchema reports whether owner's schema matches files: nil when every
// migration is applied, an error wrapping ErrSchemaNewer when the database
// is ahead of files, and one wrapping ErrSchemaOld when migrations are
// pending. It changes nothing.
func (db *DB) CheckSchema(ctx context.Context, owner string, files fs.FS) error {
	ms, err := loadMigrations(files, db.engine)
	if err != nil {
		return err
	}
	applied := map[int64]bool{}
	if ok, err := db.hasMigrationsTable(ctx); err != nil {
		return err
	} else if ok {
		if applied, err = appliedVersions(ctx, db, owner); err != nil {
			return err
		}
	}
	if err := checkNotNewer(owner, applied, ms); err != nil {
		return err
	}
	if _, pending := firstPending(applied, ms); pending {
		return fmt.Errorf("database schema for %s is at version %d but this gdx needs %d: run gdx migrate: %w",
			owner, maxVersion(applied), latest(ms), ErrSchemaOld)
	}
	return nil
}

func (db *DB) hasMigrationsTable(ctx context.Context) (bool, error) {
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	if db.engine == Postgres {
		q = `SELECT count(*) FROM pg_catalog.pg_tables
			WHERE tablename = 'schema_migrations' AND schemaname = ANY (current_schemas(false))`
	}
	var n int64
	if err := db.QueryRow(ctx, q).Scan(&n); err != nil {
		return false, fmt.Errorf("sqldb: look for schema_migrations: %w", err)
	}
	return n > 0, nil
}

// appliedVersions returns the versions of owner recorded as applied.
func appliedVersions(ctx context.Context, q Querier, owner string) (map[int64]bool, error) {
	rows, err := q.Query(ctx, `SELECT version FROM schema_migrations WHERE owner = $1`, owner)
	if err != nil {
		return nil, fmt.Errorf("sqldb: read schema_migrations: %w", err)
	}
	defer rows.Close()
	applied := map[int64]bool{}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("sqldb: read schema_migrations: %w", err)
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: read schema_migrations: %w", err)
	}
	return applied, nil
}

func checkNotNewer(owner string, applied map[int64]bool, ms []migration) error {
	if at, known := maxVersion(applied), latest(ms); at > known {
		return fmt.Errorf("database schema for %s is at version %d but this gdx knows only %d: upgrade gdx: %w",
			owner, at, known, ErrSchemaNewer)
	}
	return nil
}

func firstPending(applied map[int64]bool, ms []migration) (migration, bool) {
	for _, m := range ms {
		if !applied[m.version] {
			return m, true
		}
	}
	return migration{}, false
}

func maxVersion(applied map[int64]bool) int64 {
	var top int64
	for v := range applied {
		top = max(top, v)
	}
	return top
}

// Schema is one owner's tables: its name in schema_migrations and its
// embedded migration files. Every store declares one.
type Schema struct {
	Owner string
	Files fs.FS
}

// NewSchema returns the owner's schema from the "migrations" directory of
// an embedded file system.
func NewSchema(owner string, files embed.FS) Schema {
	sub, err := fs.Sub(files, "migrations")
	if err != nil {
		panic(err) // the embedded directory always exists
	}
	return Schema{Owner: owner, Files: sub}
}

// Migrate brings the owner's tables up to date; it refuses, wrapping
// ErrSchemaNewer, a database that a newer gdx has migrated.
func (s Schema) Migrate(ctx context.Context, db *DB) error { return db.Migrate(ctx, s.Owner, s.Files) }

// Check reports whether the owner's tables match this gdx; see
// DB.CheckSchema.
func (s Schema) Check(ctx context.Context, db *DB) error {
	return db.CheckSchema(ctx, s.Owner, s.Files)
}
