package catalog

import (
	"context"
	"time"
)

// Store persists the catalog. Every write validates its input first and
// fails with KindInvalid, naming the problem, before anything is stored.
type Store interface {
	AgencyStore
	DatasetStore
	PurposeStore
	GrantStore
}

// AgencyStore keeps agencies.
type AgencyStore interface {
	// CreateAgency stores a new agency. Errors: invalid, conflict.
	CreateAgency(ctx context.Context, a Agency) error
	// UpdateAgency replaces an agency's names, ministry and status.
	// Errors: invalid, not found.
	UpdateAgency(ctx context.Context, a Agency) error
	// FindAgency returns the agency with the code. Errors: not found.
	FindAgency(ctx context.Context, code string) (Agency, error)
	// ListAgencies returns every agency ordered by code.
	ListAgencies(ctx context.Context) ([]Agency, error)
}

// DatasetStore keeps datasets.
type DatasetStore interface {
	// PutDataset creates or replaces a dataset. Errors: invalid (also for
	// an owner that is not a registered agency).
	PutDataset(ctx context.Context, d Dataset) error
	// FindDataset returns the dataset with the id. Errors: not found.
	FindDataset(ctx context.Context, id string) (Dataset, error)
	// ListDatasets returns the datasets matching the filter ordered by id.
	ListDatasets(ctx context.Context, f DatasetFilter) ([]Dataset, error)
}

// DatasetFilter selects datasets; zero fields match everything.
type DatasetFilter struct {
	Owner string
}

// PurposeStore keeps purposes.
type PurposeStore interface {
	// PutPurpose creates or replaces a purpose. Errors: invalid.
	PutPurpose(ctx context.Context, p Purpose) error
	// FindPurpose returns the purpose with the code. Errors: not found.
	FindPurpose(ctx context.Context, code string) (Purpose, error)
	// ListPurposes returns every purpose ordered by code.
	ListPurposes(ctx context.Context) ([]Purpose, error)
}

// GrantStore keeps grants.
type GrantStore interface {
	// CreateGrant validates and stores a new grant, assigning its ID when
	// empty. Errors: invalid (unknown consumer, dataset, purpose or field),
	// conflict (a live grant for the same consumer and dataset overlaps
	// its validity, or the ID exists).
	CreateGrant(ctx context.Context, g Grant) (Grant, error)
	// UpdateGrant replaces a grant with the same checks as CreateGrant.
	// Errors: invalid, not found, conflict.
	UpdateGrant(ctx context.Context, g Grant) error
	// UpdateGrantFrom is UpdateGrant for a step of the grant workflow: it
	// replaces the grant only while its stored status is still from, so
	// that of two stewards deciding at once (approve, refuse) exactly one
	// wins. Errors: as UpdateGrant, and conflict when the status moved.
	UpdateGrantFrom(ctx context.Context, g Grant, from GrantStatus) error
	// FindGrant returns the grant with the id. Errors: not found.
	FindGrant(ctx context.Context, id string) (Grant, error)
	// ListGrants returns grants matching the filter ordered by id.
	ListGrants(ctx context.Context, f GrantFilter) ([]Grant, error)
}

// GrantFilter selects grants; zero fields match everything.
type GrantFilter struct {
	Consumer string
	Dataset  string
	// ValidAt keeps only grants active and in force at that time.
	ValidAt time.Time
}

// Match reports whether g passes the filter.
func (f GrantFilter) Match(g Grant) bool {
	return (f.Consumer == "" || f.Consumer == g.Consumer) &&
		(f.Dataset == "" || f.Dataset == g.Dataset) &&
		(f.ValidAt.IsZero() || g.ValidAt(f.ValidAt))
}
