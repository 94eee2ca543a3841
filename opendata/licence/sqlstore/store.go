package sqlstore

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the licence tables and their migrations.
var Schema = sqldb.NewSchema("licence", migrationFiles)

// Migrate brings the licence tables up to date; see sqldb.Schema.Migrate.
func Migrate(ctx context.Context, db *sqldb.DB) error { return Schema.Migrate(ctx, db) }

// Store is the SQL implementation of licence.Store. Its tables must have
// been created with Migrate.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

var _ licence.Store = (*Store)(nil)

// New returns a Store on db.
func New(db *sqldb.DB) *Store { return &Store{db: db, now: time.Now} }

// Find returns the licence with its history. Errors: not found.
func (s *Store) Find(ctx context.Context, issuer, number string) (licence.Licence, error) {
	l, err := scanFull(s.db.QueryRow(ctx, `SELECT `+fullColumns+` FROM licences WHERE issuer = $1 AND number = $2`, issuer, number))
	if errors.Is(err, sqldb.ErrNoRows) {
		return licence.Licence{}, catalog.Errorf(catalog.KindNotFound, "licence %s of %s does not exist", number, issuer).
			WithReason("licence_not_found").Wrap(err)
	}
	if err != nil {
		return licence.Licence{}, fmt.Errorf("find licence %s/%s: %w", issuer, number, err)
	}
	changes, err := sqldb.List(ctx, s.db, scanChange,
		`SELECT from_status, to_status, at FROM licence_history WHERE issuer = $1 AND number = $2 ORDER BY at`, issuer, number)
	if err != nil {
		return licence.Licence{}, fmt.Errorf("read history of licence %s/%s: %w", issuer, number, err)
	}
	l.History = withFirst(l, changes)
	return l, nil
}

// withFirst puts the status the licence was created with before its
// changes.
//
// NOTE: the table keeps changes only; the first status is the first
// change's From (or the status now, if it never changed) at Created. Not
// writing it saves a row a licence on the bulk load.
func withFirst(l licence.Licence, changes []licence.StatusChange) []licence.StatusChange {
	first := l.Status
	if len(changes) > 0 {
		first = changes[0].From
	}
	return append([]licence.StatusChange{{To: first, At: l.Created}}, changes...)
}

func scanChange(row sqldb.Row) (licence.StatusChange, error) {
	var c licence.StatusChange
	var from, to string
	var at int64
	if err := row.Scan(&from, &to, &at); err != nil {
		return c, err
	}
	c.From, c.To, c.At = licence.Status(from), licence.Status(to), sqldb.FromMicros(at)
	return c, nil
}

// Count returns the number of the issuer's licences, or of all when issuer
// is "".
func (s *Store) Count(ctx context.Context, issuer string) (int64, error) {
	var n int64
	var err error
	if issuer == "" {
		err = s.db.QueryRow(ctx, `SELECT count(*) FROM licences`).Scan(&n)
	} else {
		err = s.db.QueryRow(ctx, `SELECT count(*) FROM licences WHERE issuer = $1`, issuer).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("count licences: %w", err)
	}
	return n, nil
}

// Issuers returns every issuing agency's count and last modification.
func (s *Store) Issuers(ctx context.Context) ([]licence.IssuerSummary, error) {
	out, err := sqldb.List(ctx, s.db, func(row sqldb.Row) (licence.IssuerSummary, error) {
		var x licence.IssuerSummary
		var mod int64
		err := row.Scan(&x.Issuer, &x.Count, &mod)
		x.Modified = sqldb.FromMicros(mod)
		return x, err
	}, `SELECT issuer, count(*), max(modified) FROM licences GROUP BY issuer ORDER BY issuer`)
	if err != nil {
		return nil, fmt.Errorf("summarise licence issuers: %w", err)
	}
	return out, nil
}

// digest hashes every stored field of l, so that an unchanged re-import
// is found by comparing one column.
func digest(l licence.Licence) string {
	lat, lon := "", ""
	if l.Location.Lat != nil {
		lat = strconv.FormatFloat(*l.Location.Lat, 'g', -1, 64)
		lon = strconv.FormatFloat(*l.Location.Lon, 'g', -1, 64)
	}
	ls, loc := l.Licensee, l.Location
	fields := []string{l.Issuer, l.Number, string(l.Type), l.Office, string(ls.Kind), ls.BusinessName, ls.JuristicID,
		ls.PersonName, ls.CitizenID, loc.Province, loc.District, loc.Subdistrict, lat, lon,
		l.IssuedOn.String(), l.ExpiresOn.String(), string(l.Status)}
	h := sha256.Sum256([]byte(strings.Join(fields, "\x1f")))
	return hex.EncodeToString(h[:16])
}
