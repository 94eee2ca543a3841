package dcatfeed

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/dcat"
)

// snapshot is one consistent view of the stored packages, mapped to DCAT
// once. It is immutable once built.
type snapshot struct {
	marker opendata.Marker
	// listed are the datasets of the catalog, newest metadata_modified
	// first (ckanext-dcat's order), ties by name.
	listed []item
	byName map[string]item // every package served on its own
}

// item is one package's DCAT description and its last change.
type item struct {
	name     string
	modified time.Time
	dataset  dcat.Dataset
}

// buildSnapshot maps the packages a harvester may see: active and not
// private. A package whose GD-Catalog allow_harvest is "False" is served
// on its own but left out of the catalog, since its publisher asked that
// portals not harvest it.
func buildSnapshot(s site, m opendata.Marker, pkgs []opendata.Package) *snapshot {
	snap := &snapshot{marker: m, byName: map[string]item{}}
	for _, p := range pkgs {
		if p.State != opendata.StateActive || p.Private {
			continue
		}
		it := item{name: p.Name, modified: p.MetadataModified.Time, dataset: s.Dataset(p)}
		snap.byName[p.Name] = it
		if p.AllowHarvest != "False" {
			snap.listed = append(snap.listed, it)
		}
	}
	slices.SortFunc(snap.listed, func(a, b item) int {
		if c := b.modified.Compare(a.modified); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	return snap
}

// since returns the listed datasets modified at or after t (all of them
// for the zero t), in catalog order.
func (s *snapshot) since(t time.Time) []item {
	if t.IsZero() {
		return s.listed
	}
	// listed is newest first: the matches are a prefix.
	n, _ := slices.BinarySearchFunc(s.listed, t, func(it item, t time.Time) int {
		if it.modified.Before(t) {
			return 1
		}
		return -1
	})
	return s.listed[:n]
}

// current returns the snapshot, loading the first one when none is.
func (h *Handler) current(ctx context.Context) (*snapshot, error) {
	s, err := h.snaps.Current(ctx)
	if err != nil {
		return nil, fmt.Errorf("dcatfeed: %w", err)
	}
	return s, nil
}

// Refresh rebuilds the snapshot when the store's change marker has moved
// since the last build.
func (h *Handler) Refresh(ctx context.Context) error {
	if err := h.snaps.Refresh(ctx); err != nil {
		return fmt.Errorf("dcatfeed: %w", err)
	}
	return nil
}

// Run refreshes the snapshot every PollInterval until ctx ends, so that a
// change stored by any replica is served here within the interval.
// Refresh failures are logged and retried.
func (h *Handler) Run(ctx context.Context) error {
	h.snaps.Run(ctx, h.cfg.PollInterval, func(err error) {
		h.log.Warn("DCAT snapshot refresh failed", "err", fmt.Errorf("dcatfeed: %w", err))
	})
	return nil
}
