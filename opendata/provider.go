package opendata

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Provider is a source of open-data packages: the metadata catalog, a
// licence database, the exchange statistics. Each plugs into Sync.
type Provider interface {
	// Source names the provider. The store keeps each source's packages
	// apart: a package that its source no longer returns is deleted.
	Source() string
	// Packages returns every package of the source with its resources,
	// without timestamps (the store assigns them). Errors: any; Sync
	// stops and changes nothing for the source.
	Packages(ctx context.Context) ([]Package, error)
}

// SyncStore is what Sync needs of the store (opendata/sqlstore).
type SyncStore interface {
	// Sync makes the source's stored packages equal to pkgs: new and
	// changed packages get a fresh metadata_modified, unchanged ones keep
	// theirs, and stored packages missing from pkgs become deleted.
	// Errors: invalid (a package fails Validate, or a name belongs to
	// another package), unavailable, internal.
	Sync(ctx context.Context, source string, pkgs []Package) (SyncResult, error)
}

// SyncResult counts what a Sync changed.
type SyncResult struct {
	Created, Updated, Deleted, Unchanged int
}

// Add returns the sum of r and o.
func (r SyncResult) Add(o SyncResult) SyncResult {
	return SyncResult{r.Created + o.Created, r.Updated + o.Updated, r.Deleted + o.Deleted, r.Unchanged + o.Unchanged}
}

// Changed reports whether the sync changed anything.
func (r SyncResult) Changed() bool { return r.Created+r.Updated+r.Deleted > 0 }

// Sync asks every provider for its packages and hands them to the store,
// one source at a time; it stops at the first error.
func Sync(ctx context.Context, store SyncStore, providers ...Provider) (SyncResult, error) {
	var total SyncResult
	for _, p := range providers {
		pkgs, err := p.Packages(ctx)
		if err != nil {
			return total, fmt.Errorf("opendata: packages of %s: %w", p.Source(), err)
		}
		r, err := store.Sync(ctx, p.Source(), pkgs)
		if err != nil {
			return total, fmt.Errorf("opendata: sync %s: %w", p.Source(), err)
		}
		total = total.Add(r)
	}
	return total, nil
}

// packageName is CKAN's name rule: 2-100 characters of a-z, 0-9, '-' and
// '_' (ckan.logic.validators.name_validator).
var packageName = regexp.MustCompile(`^[a-z0-9_-]{2,100}$`)

// ValidName reports whether name is a valid CKAN package, organisation or
// group name.
func ValidName(name string) bool { return packageName.MatchString(name) }

// Validate checks what the store and the API rely on: an id, a CKAN name,
// a title, and resources with ids and absolute URLs.
func (p Package) Validate() error {
	switch {
	case p.ID == "":
		return catalog.Errorf(catalog.KindInvalid, "package %q has no id", p.Name)
	case !ValidName(p.Name):
		return catalog.Errorf(catalog.KindInvalid, "package name %q must be 2-100 characters of a-z, 0-9, '-' and '_'", p.Name)
	case p.Title == "":
		return catalog.Errorf(catalog.KindInvalid, "package %s has no title", p.Name)
	case p.Organization != nil && !ValidName(p.Organization.Name):
		return catalog.Errorf(catalog.KindInvalid, "package %s: organisation name %q is not a CKAN name", p.Name, p.Organization.Name)
	}
	for _, r := range p.Resources {
		if r.ID == "" || !absoluteURL.MatchString(r.URL) {
			return catalog.Errorf(catalog.KindInvalid, "package %s: resource %q needs an id and an absolute http(s) URL", p.Name, r.Name)
		}
	}
	return nil
}

var absoluteURL = regexp.MustCompile(`^https?://[^/\s]+`)

// RunSync runs Sync at once and then every interval until ctx ends,
// handing each failure to onError (nil drops them). Every replica may run
// it: the store serialises syncs, and a sync that finds nothing changed
// writes nothing.
func RunSync(ctx context.Context, store SyncStore, every time.Duration, onError func(error), providers ...Provider) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := Sync(ctx, store, providers...); err != nil && onError != nil && ctx.Err() == nil {
			onError(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
