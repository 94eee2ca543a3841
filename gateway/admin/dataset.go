package admin

import (
	"context"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/connectors"
)

// ListDatasets returns the catalog's datasets, of one owner when owner is
// set. Dataset metadata is not secret (the open-data catalog lists it), so
// any steward may read all of it.
func (s *Service) ListDatasets(ctx context.Context, _ Caller, owner string) ([]catalog.Dataset, error) {
	ds, err := s.catalog.ListDatasets(ctx, catalog.DatasetFilter{Owner: owner})
	return nonNil(ds), err
}

// PutDataset creates or replaces a dataset of the caller's agency; a
// dataset that exists keeps its owner unless a central admin moves it. Its
// connector must fetch its owner's records, and only an approver may
// loosen its protection. Errors: forbidden, invalid.
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
			if loosens(old, d) {
				if err := by.Steward.may("loosen a dataset's protection", old.Owner, deciders...); err != nil {
					return err
				}
			}
		case !catalog.IsKind(err, catalog.KindNotFound):
			return err
		}
		if err := checkConnector(d); err != nil {
			return err
		}
		return s.catalog.PutDataset(ctx, d)
	})
	if err != nil {
		return catalog.Dataset{}, err
	}
	return s.catalog.FindDataset(ctx, d.ID)
}

// checkConnector refuses a dataset whose connector fetches another
// agency's records: otherwise a steward could republish, say, the civil
// registry as a public dataset of their own.
func checkConnector(d catalog.Dataset) error {
	if d.Connector == "" {
		return nil
	}
	owner, ok := connectors.OwnerOf(d.Connector)
	switch {
	case !ok:
		return catalog.Errorf(catalog.KindInvalid, "dataset %s: unknown connector %q (known: %s)", d.ID, d.Connector,
			strings.Join(connectors.Names(), ", ")).WithReason(ReasonConnectorUnknown)
	case owner != d.Owner:
		return catalog.Errorf(catalog.KindForbidden, "dataset %s: connector %s fetches %s's records, not %s's",
			d.ID, d.Connector, owner, d.Owner).WithReason(connectors.ReasonOwnerMismatch)
	}
	return nil
}

// loosens reports whether the new version of a dataset protects less than
// the old: a lower classification or assurance, or a field that lost its
// personal, sensitive or identifier flag. Only an approver may do that.
func loosens(old, d catalog.Dataset) bool {
	if d.Classification.Rank() < old.Classification.Rank() || d.IAL.Rank() < old.IAL.Rank() || d.AAL.Rank() < old.AAL.Rank() {
		return true
	}
	for _, f := range old.Fields {
		nf, ok := d.Field(f.Name)
		if ok && (f.Personal && !nf.Personal || f.Sensitive && !nf.Sensitive || f.Identifier && !nf.Identifier) {
			return true
		}
	}
	return false
}
