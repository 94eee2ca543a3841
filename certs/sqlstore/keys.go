package sqlstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

var _ certs.KeyStore = (*Store)(nil)

// AddKey registers an agency's public signing key. It returns an error
// wrapping certs.ErrExists if the agency already has the kid.
func (s *Store) AddKey(ctx context.Context, k certs.AgencyKey) error {
	defer s.db.Changed(TableAgencyKeys) // harmless when the write failed
	if !k.Public.IsPublic() {
		return fmt.Errorf("add key %s/%s: %w: private material is never stored", k.Agency, k.KeyID, certs.ErrInvalid)
	}
	jwk, err := sqldb.EncodeJSON(k.Public)
	if err != nil {
		return fmt.Errorf("add key %s/%s: %w", k.Agency, k.KeyID, err)
	}
	_, err = s.db.Exec(ctx, `INSERT INTO certs_agency_keys (agency, kid, alg, jwk, added_at, retire_at, revoked_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, k.Agency, k.KeyID, k.Algorithm, jwk,
		sqldb.Micros(k.AddedAt), sqldb.NullMicros(k.RetireAt), sqldb.NullMicros(k.RevokedAt))
	if errors.Is(err, sqldb.ErrConflict) {
		return fmt.Errorf("add key %s/%s: %w", k.Agency, k.KeyID, certs.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("add key %s/%s: %w", k.Agency, k.KeyID, err)
	}
	return nil
}

// RetireKey sets when the key stops verifying. Errors: certs.ErrNotFound.
func (s *Store) RetireKey(ctx context.Context, agency, kid string, at time.Time) error {
	defer s.db.Changed(TableAgencyKeys) // harmless when the write failed
	n, err := s.db.Exec(ctx, `UPDATE certs_agency_keys SET retire_at = $3 WHERE agency = $1 AND kid = $2`,
		agency, kid, sqldb.Micros(at))
	if err != nil {
		return fmt.Errorf("retire key %s/%s: %w", agency, kid, err)
	}
	if n == 0 {
		return fmt.Errorf("retire key %s/%s: %w", agency, kid, certs.ErrNotFound)
	}
	return nil
}

// RevokeKey ends the key's use at once. Errors: certs.ErrNotFound,
// certs.ErrRevoked.
func (s *Store) RevokeKey(ctx context.Context, agency, kid string, at time.Time) error {
	defer s.db.Changed(TableAgencyKeys) // harmless when the write failed
	n, err := s.db.Exec(ctx, `UPDATE certs_agency_keys SET revoked_at = $3
		WHERE agency = $1 AND kid = $2 AND revoked_at IS NULL`, agency, kid, sqldb.Micros(at))
	if err != nil {
		return fmt.Errorf("revoke key %s/%s: %w", agency, kid, err)
	}
	if n == 1 {
		return nil
	}
	var one int
	err = s.db.QueryRow(ctx, `SELECT 1 FROM certs_agency_keys WHERE agency = $1 AND kid = $2`, agency, kid).Scan(&one)
	if errors.Is(err, sqldb.ErrNoRows) {
		return fmt.Errorf("revoke key %s/%s: %w", agency, kid, certs.ErrNotFound)
	} else if err != nil {
		return fmt.Errorf("revoke key %s/%s: %w", agency, kid, err)
	}
	return fmt.Errorf("revoke key %s/%s: %w", agency, kid, certs.ErrRevoked)
}

// ListKeys returns the agency's keys, or all keys for "", ordered by agency
// and then time added.
func (s *Store) ListKeys(ctx context.Context, agency string) ([]certs.AgencyKey, error) {
	out, err := sqldb.List(ctx, s.db, scanKey, `SELECT agency, kid, alg, jwk, added_at, retire_at, revoked_at
		FROM certs_agency_keys WHERE $1 = '' OR agency = $1`, agency)
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	slices.SortFunc(out, func(a, b certs.AgencyKey) int {
		return cmp.Or(cmp.Compare(a.Agency, b.Agency), a.AddedAt.Compare(b.AddedAt), cmp.Compare(a.KeyID, b.KeyID))
	})
	return out, nil
}

func scanKey(row sqldb.Row) (certs.AgencyKey, error) {
	var (
		k                  certs.AgencyKey
		jwk                string
		added              int64
		retireAt, revokeAt *int64
	)
	if err := row.Scan(&k.Agency, &k.KeyID, &k.Algorithm, &jwk, &added, &retireAt, &revokeAt); err != nil {
		return k, err
	}
	if err := sqldb.DecodeJSON(jwk, &k.Public); err != nil {
		return k, fmt.Errorf("key %s/%s: stored JWK: %w", k.Agency, k.KeyID, err)
	}
	k.AddedAt, k.RetireAt, k.RevokedAt = sqldb.FromMicros(added), sqldb.FromNullMicros(retireAt), sqldb.FromNullMicros(revokeAt)
	return k, nil
}
