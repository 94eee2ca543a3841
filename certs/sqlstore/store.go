package sqlstore

import (
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the certificate registry's and agency keys' tables and their migrations.
var Schema = sqldb.NewSchema("certs", migrationFiles)

// Migrate brings the certificate registry's and agency keys' tables up to date; see sqldb.Schema.Migrate.
func Migrate(ctx context.Context, db *sqldb.DB) error { return Schema.Migrate(ctx, db) }

// Store is the SQL implementation of certs.Store. Its tables must have been
// created with Migrate.
type Store struct {
	db *sqldb.DB
}

var _ certs.Store = (*Store)(nil)

// New returns a Store on db.
func New(db *sqldb.DB) *Store { return &Store{db: db} }

const columns = `serial, kind, subject, agency, dns_names, ips, not_before, not_after, thumbprint,
	revoked_at, revocation_reason`

// RecordIssued stores a newly issued certificate, without any revocation.
// It returns an error wrapping certs.ErrExists if the serial is recorded.
func (s *Store) RecordIssued(ctx context.Context, c certs.Issued) error {
	defer s.db.Changed(TableIssued) // harmless when the write failed
	_, err := s.db.Exec(ctx, `INSERT INTO certs_issued (`+columns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, '')`,
		c.Serial, c.Kind, c.Subject, c.Agency, sqldb.EncodeStrings(c.DNSNames), sqldb.EncodeStrings(c.IPs),
		sqldb.Micros(c.NotBefore), sqldb.Micros(c.NotAfter), c.Thumbprint)
	if errors.Is(err, sqldb.ErrConflict) {
		return fmt.Errorf("record certificate %s: %w", c.Serial, certs.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("record certificate %s: %w", c.Serial, err)
	}
	return nil
}

// ListIssued returns every recorded certificate, revoked ones included,
// ordered by NotBefore and then Serial.
func (s *Store) ListIssued(ctx context.Context) ([]certs.Issued, error) {
	out, err := sqldb.List(ctx, s.db, scanIssued, `SELECT `+columns+` FROM certs_issued`)
	if err != nil {
		return nil, fmt.Errorf("list certificates: %w", err)
	}
	// NOTE: sorted here, not by ORDER BY, so that serials compare by bytes
	// on both engines whatever PostgreSQL's collation.
	slices.SortFunc(out, func(a, b certs.Issued) int {
		return cmp.Or(a.NotBefore.Compare(b.NotBefore), cmp.Compare(a.Serial, b.Serial))
	})
	return out, nil
}

func scanIssued(row sqldb.Row) (certs.Issued, error) {
	var (
		c                 certs.Issued
		dns, ips          string
		notBefore, notAft int64
		revokedAt         *int64
	)
	err := row.Scan(&c.Serial, &c.Kind, &c.Subject, &c.Agency, &dns, &ips, &notBefore, &notAft,
		&c.Thumbprint, &revokedAt, &c.RevocationReason)
	if err != nil {
		return certs.Issued{}, err
	}
	if c.DNSNames, err = sqldb.DecodeList[string](dns); err != nil {
		return certs.Issued{}, fmt.Errorf("certificate %s DNS names: %w", c.Serial, err)
	}
	if c.IPs, err = sqldb.DecodeList[string](ips); err != nil {
		return certs.Issued{}, fmt.Errorf("certificate %s IPs: %w", c.Serial, err)
	}
	c.NotBefore, c.NotAfter = sqldb.FromMicros(notBefore), sqldb.FromMicros(notAft)
	c.RevokedAt = sqldb.FromNullMicros(revokedAt)
	return c, nil
}

// Revoke marks the certificate with the serial revoked at at, for reason.
// It returns an error wrapping certs.ErrNotFound for an unknown serial and
// one wrapping certs.ErrRevoked if it is already revoked.
func (s *Store) Revoke(ctx context.Context, serial, reason string, at time.Time) error {
	defer s.db.Changed(TableIssued) // harmless when the write failed
	// One conditional UPDATE decides the race between two revocations.
	n, err := s.db.Exec(ctx, `UPDATE certs_issued SET revoked_at = $2, revocation_reason = $3
		WHERE serial = $1 AND revoked_at IS NULL`, serial, sqldb.Micros(at), reason)
	if err != nil {
		return fmt.Errorf("revoke certificate %s: %w", serial, err)
	}
	if n == 1 {
		return nil
	}
	var revokedAt int64
	err = s.db.QueryRow(ctx, `SELECT revoked_at FROM certs_issued WHERE serial = $1`, serial).Scan(&revokedAt)
	switch {
	case errors.Is(err, sqldb.ErrNoRows):
		return fmt.Errorf("revoke certificate %s: %w", serial, certs.ErrNotFound)
	case err != nil:
		return fmt.Errorf("revoke certificate %s: %w", serial, err)
	}
	return fmt.Errorf("revoke certificate %s: %w already at %s", serial, certs.ErrRevoked,
		sqldb.FromMicros(revokedAt).Format(time.RFC3339))
}

// RevokedSerials returns the serials of all revoked certificates, in no
// particular order.
func (s *Store) RevokedSerials(ctx context.Context) ([]string, error) {
	scan := func(r sqldb.Row) (string, error) {
		var serial string
		err := r.Scan(&serial)
		return serial, err
	}
	out, err := sqldb.List(ctx, s.db, scan, `SELECT serial FROM certs_issued WHERE revoked_at IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("list revoked certificates: %w", err)
	}
	return out, nil
}
