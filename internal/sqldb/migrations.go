package sqldb

import (
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
)

// migration is one schema version of an owner, resolved for one engine.
type migration struct {
	version int64
	file    string // the file chosen for the engine
	sql     string
}

// migrationName matches NNN_name.sql and the engine variants
// NNN_name.postgres.sql and NNN_name.sqlite.sql.
var migrationName = regexp.MustCompile(`^([0-9]+)_([a-z0-9_]+?)(?:\.(postgres|sqlite))?\.sql$`)

// loadMigrations reads the migration files at the root of files and picks,
// for every version, the variant for engine if there is one and else the
// common file. It returns them by rising version.
//
// The convention: NNN_name.sql holds SQL both engines run; a version whose
// SQL must differ ships NNN_name.postgres.sql and NNN_name.sqlite.sql
// instead (or beside the common file, which they then override). Every
// version must resolve to a file for every engine, so that a version can
// never be skipped on one of them. Other .sql names are refused.
func loadMigrations(files fs.FS, engine string) ([]migration, error) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, fmt.Errorf("sqldb: read migrations: %w", err)
	}
	byVersion := map[int64]map[string]string{} // version → variant ("" common) → file
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		if err := addMigrationFile(byVersion, e.Name()); err != nil {
			return nil, err
		}
	}
	return resolveMigrations(files, byVersion, engine)
}

func addMigrationFile(byVersion map[int64]map[string]string, name string) error {
	m := migrationName.FindStringSubmatch(name)
	if m == nil {
		return fmt.Errorf("sqldb: migration file %s: name must be NNN_name.sql, NNN_name.postgres.sql or NNN_name.sqlite.sql", name)
	}
	v, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || v < 1 {
		return fmt.Errorf("sqldb: migration file %s: version must be a number from 1", name)
	}
	variants := byVersion[v]
	if variants == nil {
		variants = map[string]string{}
		byVersion[v] = variants
	}
	if other, dup := variants[m[3]]; dup {
		return fmt.Errorf("sqldb: migration files %s and %s share version %d", other, name, v)
	}
	variants[m[3]] = name
	return nil
}

func resolveMigrations(files fs.FS, byVersion map[int64]map[string]string, engine string) ([]migration, error) {
	var out []migration
	for v, variants := range byVersion {
		if err := checkVariants(v, variants); err != nil {
			return nil, err
		}
		name, ok := variants[engine]
		if !ok {
			name = variants[""]
		}
		text, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, fmt.Errorf("sqldb: read migration %s: %w", name, err)
		}
		out = append(out, migration{version: v, file: name, sql: string(text)})
	}
	slices.SortFunc(out, func(a, b migration) int { return cmp.Compare(a.version, b.version) })
	return out, nil
}

// checkVariants makes sure a version resolves on both engines and that all
// its files agree on the name part.
func checkVariants(v int64, variants map[string]string) error {
	_, common := variants[""]
	_, pg := variants[Postgres]
	_, lite := variants[SQLite]
	if !common && (!pg || !lite) {
		return fmt.Errorf("sqldb: migration %03d has no common file and lacks a .postgres.sql or .sqlite.sql variant", v)
	}
	var base string
	for _, name := range variants {
		b := migrationName.FindStringSubmatch(name)[2]
		if base != "" && b != base {
			return fmt.Errorf("sqldb: migration %03d has files with different names (%s, %s)", v, base, b)
		}
		base = b
	}
	return nil
}

// latest returns the highest version in ms, or 0.
func latest(ms []migration) int64 {
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}
