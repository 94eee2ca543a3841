package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

const agencyColumns = `code, name_th, name_en, ministry, status`

// CreateAgency stores a new agency. Errors: invalid, conflict.
func (s *Store) CreateAgency(ctx context.Context, a catalog.Agency) error {
	defer s.db.Changed(TableAgencies) // harmless when the write failed
	if err := a.Validate(); err != nil {
		return err
	}
	_, err := s.db.Exec(ctx, `INSERT INTO agencies (`+agencyColumns+`) VALUES ($1, $2, $3, $4, $5)`,
		a.Code, a.NameTH, a.NameEN, a.Ministry, string(a.Status))
	if errors.Is(err, sqldb.ErrConflict) {
		return catalog.Errorf(catalog.KindConflict, "agency %s already exists", a.Code).Wrap(err)
	}
	if err != nil {
		return fmt.Errorf("create agency %s: %w", a.Code, err)
	}
	return nil
}

// UpdateAgency replaces an agency's names, ministry and status.
// Errors: invalid, not found.
func (s *Store) UpdateAgency(ctx context.Context, a catalog.Agency) error {
	defer s.db.Changed(TableAgencies) // harmless when the write failed
	if err := a.Validate(); err != nil {
		return err
	}
	n, err := s.db.Exec(ctx, `UPDATE agencies SET name_th = $2, name_en = $3, ministry = $4, status = $5
		WHERE code = $1`, a.Code, a.NameTH, a.NameEN, a.Ministry, string(a.Status))
	if err != nil {
		return fmt.Errorf("update agency %s: %w", a.Code, err)
	}
	if n == 0 {
		return catalog.Errorf(catalog.KindNotFound, "agency %s not found", a.Code)
	}
	return nil
}

// FindAgency returns the agency with the code. Errors: not found.
func (s *Store) FindAgency(ctx context.Context, code string) (catalog.Agency, error) {
	return findAgency(ctx, s.db, code)
}

func findAgency(ctx context.Context, q sqldb.Querier, code string) (catalog.Agency, error) {
	a, err := scanAgency(q.QueryRow(ctx, `SELECT `+agencyColumns+` FROM agencies WHERE code = $1`, code))
	if err != nil {
		return catalog.Agency{}, sqldb.NotFound(err, "find agency "+code, catalog.Errorf(catalog.KindNotFound, "agency %s not found", code))
	}
	return a, nil
}

// ListAgencies returns every agency ordered by code.
func (s *Store) ListAgencies(ctx context.Context) ([]catalog.Agency, error) {
	as, err := sqldb.List(ctx, s.db, scanAgency, `SELECT `+agencyColumns+` FROM agencies`)
	if err != nil {
		return nil, fmt.Errorf("list agencies: %w", err)
	}
	sortByKey(as, func(x catalog.Agency) string { return x.Code })
	return as, nil
}

func scanAgency(row sqldb.Row) (catalog.Agency, error) {
	var a catalog.Agency
	var status string
	if err := row.Scan(&a.Code, &a.NameTH, &a.NameEN, &a.Ministry, &status); err != nil {
		return catalog.Agency{}, err
	}
	a.Status = catalog.AgencyStatus(status)
	return a, nil
}

// agencyExists reports whether code is a registered agency.
func agencyExists(ctx context.Context, q sqldb.Querier, code string) (bool, error) {
	_, err := findAgency(ctx, q, code)
	if catalog.IsKind(err, catalog.KindNotFound) {
		return false, nil
	}
	return err == nil, err
}
