package sqlstore

import (
	"context"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

const purposeColumns = `code, description_th, description_en, basis, sensitive_basis`

// PutPurpose creates or replaces a purpose. Errors: invalid.
func (s *Store) PutPurpose(ctx context.Context, p catalog.Purpose) error {
	defer s.db.Changed(TablePurposes) // harmless when the write failed
	if err := p.Validate(); err != nil {
		return err
	}
	_, err := s.db.Exec(ctx, `INSERT INTO purposes (`+purposeColumns+`) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (code) DO UPDATE SET description_th = excluded.description_th,
			description_en = excluded.description_en, basis = excluded.basis,
			sensitive_basis = excluded.sensitive_basis`,
		p.Code, p.DescriptionTH, p.DescriptionEN, string(p.Basis), string(p.SensitiveBasis))
	if err != nil {
		return fmt.Errorf("put purpose %s: %w", p.Code, err)
	}
	return nil
}

// FindPurpose returns the purpose with the code. Errors: not found.
func (s *Store) FindPurpose(ctx context.Context, code string) (catalog.Purpose, error) {
	return findPurpose(ctx, s.db, code)
}

func findPurpose(ctx context.Context, q sqldb.Querier, code string) (catalog.Purpose, error) {
	p, err := scanPurpose(q.QueryRow(ctx, `SELECT `+purposeColumns+` FROM purposes WHERE code = $1`, code))
	if err != nil {
		return catalog.Purpose{}, sqldb.NotFound(err, "find purpose "+code, catalog.Errorf(catalog.KindNotFound, "purpose %s not found", code))
	}
	return p, nil
}

// ListPurposes returns every purpose ordered by code.
func (s *Store) ListPurposes(ctx context.Context) ([]catalog.Purpose, error) {
	ps, err := sqldb.List(ctx, s.db, scanPurpose, `SELECT `+purposeColumns+` FROM purposes`)
	if err != nil {
		return nil, fmt.Errorf("list purposes: %w", err)
	}
	sortByKey(ps, func(x catalog.Purpose) string { return x.Code })
	return ps, nil
}

func scanPurpose(row sqldb.Row) (catalog.Purpose, error) {
	var p catalog.Purpose
	var basis, sensitive string
	if err := row.Scan(&p.Code, &p.DescriptionTH, &p.DescriptionEN, &basis, &sensitive); err != nil {
		return catalog.Purpose{}, err
	}
	p.Basis, p.SensitiveBasis = catalog.LawfulBasis(basis), catalog.SensitiveBasis(sensitive)
	return p, nil
}
