package admin

import (
	"context"

	"github.com/gdx-exchange/gdx/catalog"
)

// ListDatasets returns the catalog's datasets, of one owner when owner is
// set. Dataset metadata is not secret (the open-data catalog lists it), so
// any steward may read all of it.
func (s *Service) ListDatasets(ctx context.Context, _ Caller, owner string) ([]catalog.Dataset, error) {
	ds, err := s.catalog.ListDatasets(ctx, catalog.DatasetFilter{Owner: owner})
	return nonNil(ds), err
}

// PutDataset creates or replaces a dataset of the caller's agency; a
// dataset that exists keeps its owner unless a central admin moves it.
// Errors: forbidden, invalid.
func (s *Service) PutDataset(ctx context.Context, by Caller, d catalog.Dataset) (catalog.Dataset, error) {
	err := s.change(ctx, by, ActionDatasetPut, "dataset/"+d.ID, d, func() error {
		if err := by.Steward.may("change datasets", d.Owner, changers...); err != nil {
			return err
		}
		old, err := s.catalog.FindDataset(ctx, d.ID)
		switch {
		case err == nil:
			if err := by.Steward.may("change datasets", old.Owner, changers...); err != nil {
				return err
			}
		case !catalog.IsKind(err, catalog.KindNotFound):
			return err
		}
		return s.catalog.PutDataset(ctx, d)
	})
	if err != nil {
		return catalog.Dataset{}, err
	}
	return s.catalog.FindDataset(ctx, d.ID)
}
