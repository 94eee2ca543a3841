// Package cache keeps the catalog reads of the lookup path — datasets,
// purposes and grants — in memory for a short time, so a busy exchange
// does not ask the database the same three questions on every lookup.
// Changes reach every replica within the time to live (TTL). Agencies are
// not cached: a suspension takes effect at once.
package cache

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Source is what the cache reads through to.
type Source interface {
	FindDataset(ctx context.Context, id string) (catalog.Dataset, error)
	FindPurpose(ctx context.Context, code string) (catalog.Purpose, error)
	ListGrants(ctx context.Context, f catalog.GrantFilter) ([]catalog.Grant, error)
}

// Catalog answers from memory what it read less than TTL ago. Not-found
// answers are cached too (an unknown dataset asked in a loop costs the
// database nothing); other errors are not. Every caller gets its own copy
// of the slices in an answer, so none can change what another is served.
type Catalog struct {
	src      Source
	ttl      time.Duration
	now      func() time.Time
	datasets table[catalog.Dataset]
	purposes table[catalog.Purpose]
	grants   table[[]catalog.Grant]
}

// New returns a cache over src.
func New(src Source, ttl time.Duration) *Catalog {
	return &Catalog{src: src, ttl: ttl, now: time.Now,
		datasets: table[catalog.Dataset]{clone: cloneDataset},
		purposes: table[catalog.Purpose]{clone: func(p catalog.Purpose) catalog.Purpose { return p }},
		grants:   table[[]catalog.Grant]{clone: cloneGrants},
	}
}

// cloneDataset copies the dataset's slices (a Field holds no slice).
func cloneDataset(d catalog.Dataset) catalog.Dataset {
	d.Fields, d.Tags = slices.Clone(d.Fields), slices.Clone(d.Tags)
	return d
}

// cloneGrants copies the list and each grant's slices.
func cloneGrants(gs []catalog.Grant) []catalog.Grant {
	gs = slices.Clone(gs)
	for i := range gs {
		g := &gs[i]
		g.Purposes, g.Fields, g.Unmasked = slices.Clone(g.Purposes), slices.Clone(g.Fields), slices.Clone(g.Unmasked)
	}
	return gs
}

// FindDataset returns the dataset. Errors: not found.
func (c *Catalog) FindDataset(ctx context.Context, id string) (catalog.Dataset, error) {
	return c.datasets.get(id, c.now(), c.ttl, func() (catalog.Dataset, error) { return c.src.FindDataset(ctx, id) })
}

// FindPurpose returns the purpose. Errors: not found.
func (c *Catalog) FindPurpose(ctx context.Context, code string) (catalog.Purpose, error) {
	return c.purposes.get(code, c.now(), c.ttl, func() (catalog.Purpose, error) { return c.src.FindPurpose(ctx, code) })
}

// ListGrants returns the grants matching the filter. Filters with ValidAt
// are not cached: their answer depends on the time.
func (c *Catalog) ListGrants(ctx context.Context, f catalog.GrantFilter) ([]catalog.Grant, error) {
	if !f.ValidAt.IsZero() {
		return c.src.ListGrants(ctx, f)
	}
	key := f.Consumer + "\x00" + f.Dataset
	return c.grants.get(key, c.now(), c.ttl, func() ([]catalog.Grant, error) { return c.src.ListGrants(ctx, f) })
}

// maxEntries bounds a table; a full table starts afresh.
const maxEntries = 10000

// table is one kind of answer by key; clone copies a value so that what
// the table holds is never shared with a caller.
type table[T any] struct {
	clone   func(T) T
	mu      sync.Mutex
	entries map[string]entry[T]
}

type entry[T any] struct {
	value T
	err   error
	at    time.Time
}

// get answers a copy from the table if fresh, else reads through and
// remembers a copy of values and not-found errors.
func (t *table[T]) get(key string, now time.Time, ttl time.Duration, read func() (T, error)) (T, error) {
	t.mu.Lock()
	e, ok := t.entries[key]
	t.mu.Unlock()
	if ok && now.Sub(e.at) < ttl {
		return t.clone(e.value), e.err
	}
	v, err := read()
	if err == nil || catalog.IsKind(err, catalog.KindNotFound) {
		t.mu.Lock()
		if t.entries == nil || len(t.entries) >= maxEntries {
			t.entries = map[string]entry[T]{}
		}
		t.entries[key] = entry[T]{value: t.clone(v), err: err, at: now}
		t.mu.Unlock()
	}
	return v, err
}
