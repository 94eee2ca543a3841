package datastore

import (
	"context"
	"sync"

	"github.com/gdx-exchange/gdx/opendata"
)

// ResourceID is the id of the resource that serves the DataStore of table
// in package pkg (both by their names, as in opendata.DownloadPath). The package
// provider gives it to the table's CSV resource and sets that resource's
// datastore_active; the Resolver finds the table by it.
func ResourceID(pkg, table string) string {
	return opendata.TableResourceID(pkg, table)
}

// Resolver finds the table behind a resource id.
type Resolver interface {
	// Table returns the resource's table, or false when no table has
	// that id. Errors: unavailable, internal.
	Table(ctx context.Context, resourceID string) (Table, bool, error)
}

// ResolverFunc adapts a function to Resolver.
type ResolverFunc func(ctx context.Context, resourceID string) (Table, bool, error)

// Table implements Resolver.
func (f ResolverFunc) Table(ctx context.Context, id string) (Table, bool, error) { return f(ctx, id) }

// Tables is a fixed set of tables by resource id, for tables known at
// start (the statistics). It is safe for concurrent use.
type Tables struct {
	mu sync.RWMutex
	m  map[string]Table
}

// Add registers table t as table name of package pkg and returns its
// resource id (ResourceID).
func (ts *Tables) Add(pkg, name string, t Table) string {
	id := ResourceID(pkg, name)
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.m == nil {
		ts.m = map[string]Table{}
	}
	ts.m[id] = t
	return id
}

// Table implements Resolver.
func (ts *Tables) Table(_ context.Context, id string) (Table, bool, error) {
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	t, ok := ts.m[id]
	return t, ok, nil
}

// Chain asks each resolver in turn and returns the first table found.
func Chain(rs ...Resolver) Resolver {
	return ResolverFunc(func(ctx context.Context, id string) (Table, bool, error) {
		for _, r := range rs {
			t, ok, err := r.Table(ctx, id)
			if err != nil || ok {
				return t, ok, err
			}
		}
		return Table{}, false, nil
	})
}

// Licences resolves the licence table of every issuing agency that
// issuers lists (cheaply: the catalog's agencies, say), the agency's
// package being named by pkg(issuer) and its table by LicenceTableName.
func Licences(issuers func(ctx context.Context) ([]string, error), pkg func(issuer string) string) Resolver {
	return ResolverFunc(func(ctx context.Context, id string) (Table, bool, error) {
		list, err := issuers(ctx)
		if err != nil {
			return Table{}, false, err
		}
		for _, issuer := range list {
			if ResourceID(pkg(issuer), LicenceTableName) == id {
				return LicenceTable(issuer), true, nil
			}
		}
		return Table{}, false, nil
	})
}
