package sqlstore

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the open-data tables and their migrations.
var Schema = sqldb.NewSchema("opendata", migrationFiles)

// Migrate brings the open-data tables up to date; see sqldb.Schema.Migrate.
func Migrate(ctx context.Context, db *sqldb.DB) error { return Schema.Migrate(ctx, db) }

// Store is the SQL implementation of opendata.Store. Its tables must have
// been created with Migrate.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

var _ opendata.Store = (*Store)(nil)

// Option configures a Store.
type Option func(*Store)

// WithClock makes the store read the time from now, for tests.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// New returns a Store on db.
func New(db *sqldb.DB, opts ...Option) *Store {
	s := &Store{db: db, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Marker returns the number of stored packages and the greatest
// metadata_modified. Errors: unavailable, internal.
func (s *Store) Marker(ctx context.Context) (opendata.Marker, error) {
	var n, top int64
	err := s.db.QueryRow(ctx, `SELECT count(*), COALESCE(max(metadata_modified), 0) FROM opendata_packages`).Scan(&n, &top)
	if err != nil {
		return opendata.Marker{}, fmt.Errorf("read open-data marker: %w", err)
	}
	m := opendata.Marker{Count: n}
	if top > 0 {
		m.Modified = opendata.At(sqldb.FromMicros(top))
	}
	return m, nil
}

const packageColumns = `id, state, dict, metadata_created, metadata_modified`

// ListPackages returns every stored package, deleted ones included,
// ordered by id. Errors: unavailable, internal.
func (s *Store) ListPackages(ctx context.Context) ([]opendata.Package, error) {
	// NOTE: ids are UUIDs (hex and '-'), which sort the same under every
	// collation, so ORDER BY gives one order on both engines.
	pkgs, err := sqldb.List(ctx, s.db, scanPackage, `SELECT `+packageColumns+` FROM opendata_packages ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list open-data packages: %w", err)
	}
	return pkgs, nil
}

func scanPackage(row sqldb.Row) (opendata.Package, error) {
	var (
		id, state, dict   string
		created, modified int64
	)
	if err := row.Scan(&id, &state, &dict, &created, &modified); err != nil {
		return opendata.Package{}, err
	}
	var p opendata.Package
	if err := json.Unmarshal([]byte(dict), &p); err != nil {
		return opendata.Package{}, fmt.Errorf("package %s: decode dict: %w", id, err)
	}
	p.Normalize()
	p.Stamp(opendata.At(sqldb.FromMicros(created)), opendata.At(sqldb.FromMicros(modified)), state)
	return p, nil
}
