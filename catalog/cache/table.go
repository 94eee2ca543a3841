package cache

import (
	"sync"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// maxEntries bounds a table; a full table starts afresh.
const maxEntries = 10000

// table is one kind of answer by key; clone copies a value read through
// so that what the table holds is never shared with the source's caller.
// Answers from memory are shared (see Catalog).
type table[T any] struct {
	clone   func(T) T
	mu      sync.Mutex
	entries map[string]entry[T]
	// gen counts invalidations. A read through that began before one
	// may have seen the old row, so its answer is not kept.
	gen uint64
}

type entry[T any] struct {
	value T
	err   error
	at    time.Time
}

// get answers from the table if younger than ttl, else reads through and
// remembers a copy of values and not-found errors, unless the table was
// invalidated during the read.
func (t *table[T]) get(key string, now time.Time, ttl time.Duration, read func() (T, error)) (T, error) {
	t.mu.Lock()
	e, ok := t.entries[key]
	gen := t.gen
	t.mu.Unlock()
	if ok && now.Sub(e.at) < ttl {
		return e.value, e.err
	}
	v, err := read()
	if err == nil || catalog.IsKind(err, catalog.KindNotFound) {
		t.mu.Lock()
		if t.gen == gen {
			if t.entries == nil || len(t.entries) >= maxEntries {
				t.entries = map[string]entry[T]{}
			}
			t.entries[key] = entry[T]{value: t.clone(v), err: err, at: now}
		}
		t.mu.Unlock()
	}
	return v, err
}

// invalidate drops every entry.
func (t *table[T]) invalidate() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.gen++
	t.entries = nil
}
