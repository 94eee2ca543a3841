package gateway_test

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway"
	gatewaysql "github.com/gdx-exchange/gdx/gateway/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// countingStore counts the shared bucket's updates.
type countingStore struct {
	*gatewaysql.Store
	takes atomic.Int32
}

func (c *countingStore) Take(ctx context.Context, key string, l catalog.RateLimit, cost int, now time.Time) (time.Duration, error) {
	c.takes.Add(1)
	return c.Store.Take(ctx, key, l, cost, now)
}

func sharedBucket(t *testing.T, engine string) *countingStore {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if err := gatewaysql.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return &countingStore{Store: gatewaysql.New(db)}
}

// replicas returns n limiters on one shared bucket that have counted
// each other through their heartbeats.
func replicas(t *testing.T, store *countingStore, n int) []*gateway.LeasedLimiter {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	out := make([]*gateway.LeasedLimiter, n)
	for i := range out {
		out[i] = &gateway.LeasedLimiter{Store: store, Name: string(rune('a' + i))}
		if err := store.Heartbeat(ctx, out[i].Name, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range out {
		go l.Run(ctx, slog.New(slog.DiscardHandler))
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, l := range out {
		for l.Replicas() != n && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if l.Replicas() != n {
			t.Fatalf("limiter %s counts %d replicas, want %d", l.Name, l.Replicas(), n)
		}
	}
	return out
}

func TestLeasesSpendLocally(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		store := sharedBucket(t, engine)
		l := replicas(t, store, 1)[0]
		busy := catalog.RateLimit{PerMinute: 60_000, Burst: 5_000} // a lease of 250
		now := time.Now()
		for i := range 1000 {
			if wait, err := l.Take(context.Background(), "grant:busy", busy, 1, now); err != nil || wait != 0 {
				t.Fatalf("take %d: %v, %v", i, wait, err)
			}
		}
		if n := store.takes.Load(); n != 4 {
			t.Errorf("1000 lookups updated the shared bucket %d times, want 4 (leases of 250)", n)
		}
	})
}

// TestLeasesHoldAcrossReplicas is the cross-replica limit with leases: a
// small limit leases one token at a time, so two replicas allow exactly
// the burst between them and both refuse with a wait; a busy limit
// allows no more than the shared bucket gave out.
func TestLeasesHoldAcrossReplicas(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		for _, tc := range []struct {
			name      string
			limit     catalog.RateLimit
			minOK     int // the burst less one lease per replica, left unspent
			wantWaits bool
		}{
			{"small limit, leases of one", catalog.RateLimit{PerMinute: 120, Burst: 20}, 20, true},
			{"busy limit, leases of 125", catalog.RateLimit{PerMinute: 60_000, Burst: 1_000}, 1_000 - 2*125, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ls := replicas(t, sharedBucket(t, engine), 2)
				now := time.Now()
				ok, waits := 0, map[string]int{}
				for i := range 3 * tc.limit.Burst {
					l := ls[i%2]
					wait, err := l.Take(ctx, "grant:g", tc.limit, 1, now)
					if err != nil {
						t.Fatal(err)
					}
					if wait == 0 {
						ok++
					} else {
						waits[l.Name]++
					}
				}
				if ok > tc.limit.Burst || ok < tc.minOK {
					t.Errorf("%d allowed at one instant over two replicas; the shared burst is %d", ok, tc.limit.Burst)
				}
				if tc.wantWaits && (waits["a"] == 0 || waits["b"] == 0) {
					t.Errorf("both replicas must refuse once the bucket is empty: %v", waits)
				}
			})
		}
	})
}
