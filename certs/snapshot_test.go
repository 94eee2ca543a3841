package certs

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeChanges is a change feed the test drives.
type fakeChanges struct {
	mu   sync.Mutex
	live atomic.Bool
	fns  []func(string, bool)
}

func (f *fakeChanges) Subscribe(_ []string, fn func(string, bool)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fns = append(f.fns, fn)
}

func (f *fakeChanges) Live() bool { return f.live.Load() }

func (f *fakeChanges) announce(local bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, fn := range f.fns {
		fn("certs_agency_keys", local)
	}
}

// countingSnapshot loads the number of loads so far.
func countingSnapshot(refresh time.Duration) (*snapshot[int64], *atomic.Int64) {
	var n atomic.Int64
	load := func(context.Context) (int64, error) { return n.Add(1), nil }
	return newSnapshot("test", load, refresh, nil), &n
}

func awaitLoads(t *testing.T, n *atomic.Int64, want int64, within time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(within); n.Load() < want; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d loads after %s, want %d", n.Load(), within, want)
		}
	}
}

func TestSnapshotFollowsChanges(t *testing.T) {
	s, n := countingSnapshot(time.Hour)
	feed := &fakeChanges{}
	feed.live.Store(true)
	s.follow(feed, []string{"certs_agency_keys"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.start(ctx)
	awaitLoads(t, n, 1, time.Second)

	feed.announce(true)
	if got := s.get().value; got != 2 {
		t.Fatalf("a local change was not loaded before it returned: value %d", got)
	}
	feed.announce(false)
	awaitLoads(t, n, 3, 200*time.Millisecond)

	time.Sleep(2 * FallbackRefresh)
	if n.Load() != 3 {
		t.Fatalf("%d loads: a live feed must not reload on the fallback tick", n.Load())
	}
	feed.live.Store(false)
	awaitLoads(t, n, 4, 2*FallbackRefresh)
}

func TestSnapshotWithoutAFeedReloadsEveryRefresh(t *testing.T) {
	s, n := countingSnapshot(50 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.start(ctx)
	awaitLoads(t, n, 3, time.Second)
}
