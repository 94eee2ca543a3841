package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Seed stores the demo catalog. It is meant for an empty store; every
// write goes through the store's validation.
func Seed(ctx context.Context, s catalog.Store, now time.Time) error {
	for _, a := range Agencies() {
		if err := s.CreateAgency(ctx, a); err != nil {
			return fmt.Errorf("seed agency %s: %w", a.Code, err)
		}
	}
	for _, p := range Purposes() {
		if err := s.PutPurpose(ctx, p); err != nil {
			return fmt.Errorf("seed purpose %s: %w", p.Code, err)
		}
	}
	for _, d := range Datasets() {
		if err := s.PutDataset(ctx, d); err != nil {
			return fmt.Errorf("seed dataset %s: %w", d.ID, err)
		}
	}
	from := now.UTC().Truncate(24 * time.Hour)
	for _, g := range Grants(from) {
		if _, err := s.CreateGrant(ctx, g); err != nil {
			return fmt.Errorf("seed grant %s: %w", g.ID, err)
		}
	}
	return nil
}
