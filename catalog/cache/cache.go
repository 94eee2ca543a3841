// Package cache keeps the catalog reads of the lookup path — datasets,
// purposes and grants — in memory for a short time, so a busy exchange
// does not ask the database the same three questions on every lookup.
// Changes reach every replica within the time to live (TTL). Agencies are
// not cached: a suspension takes effect at once.
package cache

import (
	"context"
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
// database nothing); other errors are not.
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
	return &Catalog{src: src, ttl: ttl, now: time.Now}
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

// table is one kind of answer by key.
type table[T any] struct {
	mu      sync.Mutex
	entries map[string]entry[T]
}

type entry[T any] struct {
	value T
	err   error
	at    time.Time
}

// get answers from the table if fresh, else reads through and remembers
// values and not-found errors.
func (t *table[T]) get(key string, now time.Time, ttl time.Duration, read func() (T, error)) (T, error) {
	t.mu.Lock()
	e, ok := t.entries[key]
	t.mu.Unlock()
	if ok && now.Sub(e.at) < ttl {
		return e.value, e.err
	}
	v, err := read()
	if err == nil || catalog.IsKind(err, catalog.KindNotFound) {
		t.mu.Lock()
		if t.entries == nil || len(t.entries) >= maxEntries {
			t.entries = map[string]entry[T]{}
		}
		t.entries[key] = entry[T]{value: v, err: err, at: now}
		t.mu.Unlock()
	}
	return v, err
}
