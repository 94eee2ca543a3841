package admin

import (
	"context"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
)

// CatalogBundle is a whole catalog as `gdx catalog export` writes it and
// ImportCatalog reads it.
type CatalogBundle struct {
	Agencies []catalog.Agency  `json:"agencies"`
	Purposes []catalog.Purpose `json:"purposes"`
	Datasets []catalog.Dataset `json:"datasets"`
	Grants   []catalog.Grant   `json:"grants"`
}

// ImportCatalog creates or updates every entry of the bundle through the
// catalog store, so that each is validated; it stops at the first entry
// the store refuses and names it. Only the central office may import.
// One audited change covers the whole import. Errors: forbidden, and the
// store's (invalid, conflict …) for the first refused entry.
func (s *Service) ImportCatalog(ctx context.Context, by Caller, b CatalogBundle) error {
	detail := map[string]int{"agencies": len(b.Agencies), "purposes": len(b.Purposes), "datasets": len(b.Datasets), "grants": len(b.Grants)}
	return s.change(ctx, by, ActionCatalogImport, "catalog", detail, func() error {
		if err := by.Steward.may("import the catalog", CentralOffice, admins...); err != nil {
			return err
		}
		return s.applyCatalog(ctx, b)
	})
}

func (s *Service) applyCatalog(ctx context.Context, b CatalogBundle) error {
	for _, a := range b.Agencies {
		err := s.catalog.CreateAgency(ctx, a)
		if catalog.IsKind(err, catalog.KindConflict) {
			err = s.catalog.UpdateAgency(ctx, a)
		}
		if err != nil {
			return fmt.Errorf("agency %s: %w", a.Code, err)
		}
	}
	for _, p := range b.Purposes {
		if err := s.catalog.PutPurpose(ctx, p); err != nil {
			return fmt.Errorf("purpose %s: %w", p.Code, err)
		}
	}
	for _, d := range b.Datasets {
		if err := s.catalog.PutDataset(ctx, d); err != nil {
			return fmt.Errorf("dataset %s: %w", d.ID, err)
		}
	}
	return s.applyGrants(ctx, b.Grants)
}

// applyGrants updates the grants whose id exists and creates the others.
func (s *Service) applyGrants(ctx context.Context, grants []catalog.Grant) error {
	for _, g := range grants {
		_, err := s.catalog.FindGrant(ctx, g.ID)
		switch {
		case g.ID != "" && err == nil:
			err = s.catalog.UpdateGrant(ctx, g)
		case g.ID == "" || catalog.IsKind(err, catalog.KindNotFound):
			_, err = s.catalog.CreateGrant(ctx, g)
		}
		if err != nil {
			return fmt.Errorf("grant %s→%s: %w", g.Consumer, g.Dataset, err)
		}
	}
	return nil
}
