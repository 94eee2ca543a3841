package opendata

import "context"

// Store keeps the materialised packages of every source: what Sync writes
// and what the CKAN API and the search index read.
type Store interface {
	SyncStore
	PackageReader
}

// PackageReader reads the materialised packages.
type PackageReader interface {
	// Marker returns a cheap summary that changes whenever any stored
	// package changes. Errors: unavailable, internal.
	Marker(ctx context.Context) (Marker, error)
	// ListPackages returns every stored package, deleted ones included,
	// ordered by id, with their state and timestamps set. Errors:
	// unavailable, internal.
	ListPackages(ctx context.Context) ([]Package, error)
}

// Marker summarises the stored packages: their number and the greatest
// metadata_modified. Since every change takes a metadata_modified greater
// than all before it, two equal markers mean nothing changed.
type Marker struct {
	Count    int64
	Modified Time
}
