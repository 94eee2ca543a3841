// Package cache keeps the catalog reads of the lookup path — agencies,
// datasets, purposes and grants — in memory, so a busy exchange does not
// ask the database the same four questions on every lookup.
//
// Following a change feed (Follow), entries are dropped the moment the
// database announces a change of their table: at once for a write of this
// process, within the feed's delivery time for another replica's. While
// the feed is not live (its connection lost, or no feed at all), entries
// expire after the short TTL instead, so a suspension or a revoked grant
// is never served for longer than that.
//
// NOTE: the package imports only catalog. It names the catalog store's
// tables (the Table constants) and declares the feed it needs (Changes).
package cache

import (
	"context"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// The catalog tables the cache holds, as the catalog store names them in
// its change notices.
const (
	TableAgencies = "agencies"
	TablePurposes = "purposes"
	TableDatasets = "datasets"
	TableGrants   = "grants"
)

// LiveTTL bounds an entry's life while the change feed is live: a safety
// net only, since every change drops the entries of its table.
const LiveTTL = time.Minute

// Source is what the cache reads through to.
type Source interface {
	FindAgency(ctx context.Context, code string) (catalog.Agency, error)
	FindDataset(ctx context.Context, id string) (catalog.Dataset, error)
	FindPurpose(ctx context.Context, code string) (catalog.Purpose, error)
	ListGrants(ctx context.Context, f catalog.GrantFilter) ([]catalog.Grant, error)
}

// Changes announces changes of database tables; *notify.Feed is one.
type Changes interface {
	// Subscribe calls fn for every change of one of tables; table "" means
	// anything may have changed.
	Subscribe(tables []string, fn func(table string, local bool))
	// Live reports whether changes are being delivered promptly.
	Live() bool
}

// Catalog answers from memory what it read before. Not-found answers are
// cached too (an unknown dataset asked in a loop costs the database
// nothing); other errors are not.
//
// NOTE: an answer from memory shares its slices (a dataset's fields and
// tags, the grant list and each grant's lists) with the cache and with
// every other caller, so callers must only read them: the lookup path,
// which asks for a dataset and its grants on every lookup, would
// otherwise copy about 1.5 KB each time (gateway's
// TestLookupLeavesTheCachedCatalogAlone holds it to reading). The cache
// keeps its own copy of what it reads through, so the one caller handed
// the source's answer may do with it what it likes.
type Catalog struct {
	src      Source
	ttl      time.Duration
	changes  Changes
	now      func() time.Time
	agencies table[catalog.Agency]
	datasets table[catalog.Dataset]
	purposes table[catalog.Purpose]
	grants   table[[]catalog.Grant]
}

// New returns a cache over src whose entries expire after ttl; Follow
// makes them last until their table changes.
func New(src Source, ttl time.Duration) *Catalog {
	same := func(a catalog.Agency) catalog.Agency { return a }
	return &Catalog{src: src, ttl: ttl, now: time.Now,
		agencies: table[catalog.Agency]{clone: same},
		datasets: table[catalog.Dataset]{clone: cloneDataset},
		purposes: table[catalog.Purpose]{clone: func(p catalog.Purpose) catalog.Purpose { return p }},
		grants:   table[[]catalog.Grant]{clone: cloneGrants},
	}
}

// Follow drops entries when ch announces a change of their table, and
// keeps them for up to LiveTTL while ch is live. Call it before the cache
// serves.
func (c *Catalog) Follow(ch Changes) {
	c.changes = ch
	ch.Subscribe([]string{TableAgencies, TableDatasets, TablePurposes, TableGrants}, func(table string, _ bool) {
		c.Invalidate(table)
	})
}

// Invalidate drops the entries read from table, or every entry for "".
func (c *Catalog) Invalidate(table string) {
	all := table == ""
	if all || table == TableAgencies {
		c.agencies.invalidate()
	}
	if all || table == TableDatasets {
		c.datasets.invalidate()
	}
	if all || table == TablePurposes {
		c.purposes.invalidate()
	}
	if all || table == TableGrants {
		c.grants.invalidate()
	}
}

// expiry is how old an entry may be served now.
func (c *Catalog) expiry() time.Duration {
	if c.changes != nil && c.changes.Live() {
		return LiveTTL
	}
	return c.ttl
}

// cloneDataset copies the dataset's slices (a Field holds no slice), for
// the cache's own copy.
func cloneDataset(d catalog.Dataset) catalog.Dataset {
	d.Fields, d.Tags = slices.Clone(d.Fields), slices.Clone(d.Tags)
	return d
}

// cloneGrants copies the list and each grant's slices, for the cache's
// own copy.
func cloneGrants(gs []catalog.Grant) []catalog.Grant {
	gs = slices.Clone(gs)
	for i := range gs {
		g := &gs[i]
		g.Purposes, g.Fields, g.Unmasked = slices.Clone(g.Purposes), slices.Clone(g.Fields), slices.Clone(g.Unmasked)
	}
	return gs
}

// FindAgency returns the agency. Errors: not found.
func (c *Catalog) FindAgency(ctx context.Context, code string) (catalog.Agency, error) {
	return c.agencies.get(code, c.now(), c.expiry(), func() (catalog.Agency, error) { return c.src.FindAgency(ctx, code) })
}

// FindDataset returns the dataset. Errors: not found.
func (c *Catalog) FindDataset(ctx context.Context, id string) (catalog.Dataset, error) {
	return c.datasets.get(id, c.now(), c.expiry(), func() (catalog.Dataset, error) { return c.src.FindDataset(ctx, id) })
}

// FindPurpose returns the purpose. Errors: not found.
func (c *Catalog) FindPurpose(ctx context.Context, code string) (catalog.Purpose, error) {
	return c.purposes.get(code, c.now(), c.expiry(), func() (catalog.Purpose, error) { return c.src.FindPurpose(ctx, code) })
}

// ListGrants returns the grants matching the filter. Filters with ValidAt
// are not cached: their answer depends on the time.
func (c *Catalog) ListGrants(ctx context.Context, f catalog.GrantFilter) ([]catalog.Grant, error) {
	if !f.ValidAt.IsZero() {
		return c.src.ListGrants(ctx, f)
	}
	key := f.Consumer + "\x00" + f.Dataset
	return c.grants.get(key, c.now(), c.expiry(), func() ([]catalog.Grant, error) { return c.src.ListGrants(ctx, f) })
}
