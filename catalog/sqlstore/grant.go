package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

const grantColumns = `id, consumer, dataset, purposes, fields, unmasked, valid_from, valid_to,
	rate_per_minute, rate_burst, status`

// CreateGrant validates and stores a new grant, assigning its ID when
// empty, and returns it as stored (times in UTC, to the microsecond).
// Errors: invalid (unknown consumer, dataset, purpose or field), conflict
// (a live grant for the same consumer and dataset overlaps its validity,
// or the ID exists).
func (s *Store) CreateGrant(ctx context.Context, g catalog.Grant) (catalog.Grant, error) {
	defer s.db.Changed(TableGrants) // harmless when the write failed
	g = normalize(g)
	if err := validateShape(g); err != nil {
		return catalog.Grant{}, err
	}
	if g.ID == "" {
		g.ID = newGrantID()
	}
	err := s.db.InTx(ctx, func(tx sqldb.Tx) error {
		if err := checkGrant(ctx, tx, g); err != nil {
			return err
		}
		return writeGrant(ctx, tx, insertGrant, g)
	})
	if err != nil {
		return catalog.Grant{}, err
	}
	return g, nil
}

// UpdateGrant replaces a grant with the same checks as CreateGrant.
// Errors: invalid, not found, conflict.
func (s *Store) UpdateGrant(ctx context.Context, g catalog.Grant) error {
	return s.updateGrant(ctx, g, nil)
}

// UpdateGrantFrom replaces the grant only while its stored status is
// from. Errors: invalid, not found, conflict.
func (s *Store) UpdateGrantFrom(ctx context.Context, g catalog.Grant, from catalog.GrantStatus) error {
	return s.updateGrant(ctx, g, &from)
}

func (s *Store) updateGrant(ctx context.Context, g catalog.Grant, from *catalog.GrantStatus) error {
	defer s.db.Changed(TableGrants) // harmless when the write failed
	g = normalize(g)
	if err := validateShape(g); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx sqldb.Tx) error {
		// NOTE: the lock makes the status read and the write one step on
		// PostgreSQL; SQLite's write transactions are serial already.
		if err := tx.Lock(ctx, "catalog.grant:"+g.ID); err != nil {
			return err
		}
		old, err := findGrant(ctx, tx, g.ID)
		if err != nil {
			return err
		}
		if from != nil && old.Status != *from {
			return catalog.Errorf(catalog.KindConflict, "grant %s is %s now, no longer %s; reload it", g.ID, old.Status, *from).WithReason(catalog.ReasonGrantStatusChanged)
		}
		if err := checkGrant(ctx, tx, g); err != nil {
			return err
		}
		return writeGrant(ctx, tx, updateGrant, g)
	})
}

const (
	insertGrant = `INSERT INTO grants (` + grantColumns + `)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
	updateGrant = `UPDATE grants SET consumer = $2, dataset = $3, purposes = $4, fields = $5,
		unmasked = $6, valid_from = $7, valid_to = $8, rate_per_minute = $9, rate_burst = $10,
		status = $11 WHERE id = $1`
)

// writeGrant runs the insert or update statement with g's columns.
func writeGrant(ctx context.Context, tx sqldb.Tx, stmt string, g catalog.Grant) error {
	_, err := tx.Exec(ctx, stmt, grantArgs(g)...)
	switch {
	case errors.Is(err, sqldb.ErrConflict):
		return catalog.Errorf(catalog.KindConflict, "grant %s already exists", g.ID).Wrap(err)
	case errors.Is(err, sqldb.ErrForeignKey):
		return catalog.Errorf(catalog.KindInvalid, "grant %s→%s: consumer or dataset is not registered", g.Consumer, g.Dataset).Wrap(err)
	case err != nil:
		return fmt.Errorf("store grant %s: %w", g.ID, err)
	}
	return nil
}

// grantArgs returns the grant's column values in grantColumns order.
func grantArgs(g catalog.Grant) []any {
	return []any{g.ID, g.Consumer, g.Dataset,
		sqldb.EncodeStrings(g.Purposes), sqldb.EncodeStrings(g.Fields), sqldb.EncodeStrings(g.Unmasked),
		sqldb.Micros(g.ValidFrom), sqldb.Micros(g.ValidTo),
		int64(g.RateLimit.PerMinute), int64(g.RateLimit.Burst), string(g.Status)}
}

// FindGrant returns the grant with the id. Errors: not found.
func (s *Store) FindGrant(ctx context.Context, id string) (catalog.Grant, error) {
	return findGrant(ctx, s.db, id)
}

func findGrant(ctx context.Context, q sqldb.Querier, id string) (catalog.Grant, error) {
	g, err := scanGrant(q.QueryRow(ctx, `SELECT `+grantColumns+` FROM grants WHERE id = $1`, id))
	if err != nil {
		return catalog.Grant{}, sqldb.NotFound(err, "find grant "+id, catalog.Errorf(catalog.KindNotFound, "grant %s not found", id))
	}
	return g, nil
}

// ListGrants returns grants matching the filter ordered by id.
func (s *Store) ListGrants(ctx context.Context, f catalog.GrantFilter) ([]catalog.Grant, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Consumer != "" {
		add("consumer = $%d", f.Consumer)
	}
	if f.Dataset != "" {
		add("dataset = $%d", f.Dataset)
	}
	if !f.ValidAt.IsZero() { // catalog.Grant.ValidAt in SQL
		add("status = $%d", string(catalog.GrantActive))
		add("valid_from <= $%d", sqldb.Micros(f.ValidAt))
		add("valid_to > $%d", sqldb.Micros(f.ValidAt))
	}
	q := `SELECT ` + grantColumns + ` FROM grants`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	gs, err := sqldb.List(ctx, s.db, scanGrant, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list grants: %w", err)
	}
	sortByKey(gs, func(g catalog.Grant) string { return g.ID })
	return gs, nil
}

func scanGrant(row sqldb.Row) (catalog.Grant, error) {
	var (
		g                          catalog.Grant
		purposes, fields, unmasked string
		from, to, perMinute, burst int64
		status                     string
	)
	err := row.Scan(&g.ID, &g.Consumer, &g.Dataset, &purposes, &fields, &unmasked,
		&from, &to, &perMinute, &burst, &status)
	if err != nil {
		return catalog.Grant{}, err
	}
	for _, l := range []struct {
		text string
		dst  *[]string
	}{{purposes, &g.Purposes}, {fields, &g.Fields}, {unmasked, &g.Unmasked}} {
		if *l.dst, err = sqldb.DecodeList[string](l.text); err != nil {
			return catalog.Grant{}, fmt.Errorf("grant %s: %w", g.ID, err)
		}
	}
	g.ValidFrom, g.ValidTo = sqldb.FromMicros(from), sqldb.FromMicros(to)
	g.RateLimit = catalog.RateLimit{PerMinute: int(perMinute), Burst: int(burst)}
	g.Status = catalog.GrantStatus(status)
	return g, nil
}

// normalize gives g's times the precision and zone they are stored with, so
// that checks see what will be stored and the caller gets it back. A zero
// time stays zero.
func normalize(g catalog.Grant) catalog.Grant {
	g.ValidFrom = sqldb.FromMicros(sqldb.Micros(g.ValidFrom))
	g.ValidTo = sqldb.FromMicros(sqldb.Micros(g.ValidTo))
	return g
}

// newGrantID returns "g-" and 12 random hex digits.
func newGrantID() string {
	b := make([]byte, 6)
	rand.Read(b) // never fails since Go 1.24
	return "g-" + hex.EncodeToString(b)
}
