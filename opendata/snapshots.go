package opendata

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Snapshots keeps one value built from every stored package, such as an
// API's lookups and search index, and rebuilds it when the reader's change
// marker moves. Readers get the current value without locking; rebuilds
// are serialised. It is safe for concurrent use.
type Snapshots[T any] struct {
	reader PackageReader
	build  func(Marker, []Package) (T, error)
	mu     sync.Mutex // held while a rebuild checks and stores
	cur    atomic.Pointer[built[T]]
}

// built is a value and the marker of the packages it was built from.
type built[T any] struct {
	marker Marker
	value  T
}

// NewSnapshots returns a Snapshots that builds its values with build from
// reader's packages (deleted ones included, as ListPackages returns them).
// Nothing is read until the first Current or Refresh.
func NewSnapshots[T any](reader PackageReader, build func(Marker, []Package) (T, error)) *Snapshots[T] {
	return &Snapshots[T]{reader: reader, build: build}
}

// Current returns the latest value, building the first one when none is.
func (s *Snapshots[T]) Current(ctx context.Context) (T, error) {
	if b := s.cur.Load(); b != nil {
		return b.value, nil
	}
	if err := s.Refresh(ctx); err != nil {
		var zero T
		return zero, err
	}
	return s.cur.Load().value, nil
}

// Refresh rebuilds the value when the change marker has moved since the
// last build; on error the previous value stays current.
func (s *Snapshots[T]) Refresh(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.reader.Marker(ctx)
	if err != nil {
		return fmt.Errorf("read change marker: %w", err)
	}
	if b := s.cur.Load(); b != nil && b.marker == m {
		return nil
	}
	pkgs, err := s.reader.ListPackages(ctx)
	if err != nil {
		return fmt.Errorf("list packages: %w", err)
	}
	v, err := s.build(m, pkgs)
	if err != nil {
		return fmt.Errorf("build snapshot: %w", err)
	}
	s.cur.Store(&built[T]{marker: m, value: v})
	return nil
}

// Run refreshes at once and then every interval until ctx ends, so that
// a change stored by any replica is seen within the interval plus one
// rebuild. Failures go to failed (unless ctx has ended) and are retried
// on the next tick; failed may be nil.
func (s *Snapshots[T]) Run(ctx context.Context, every time.Duration, failed func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.Refresh(ctx); err != nil && ctx.Err() == nil && failed != nil {
			failed(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
