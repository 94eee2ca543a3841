package sqlstore_test

import (
	"context"
	"github.com/gdx-exchange/gdx/catalog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/gateway/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

func open(t *testing.T, engine string) *sqlstore.Store {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if err := sqlstore.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return sqlstore.New(db)
}

func TestReplay(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := open(t, engine)
		now := time.Now()
		steps := []struct {
			name      string
			agency    string
			jti       string
			wantFresh bool
		}{
			{"first use", "DLA", "j1", true},
			{"replay", "DLA", "j1", false},
			{"same jti of another agency", "RD", "j1", true},
			{"new jti", "DLA", "j2", true},
		}
		for _, st := range steps {
			fresh, err := s.Remember(ctx, st.agency, st.jti, now.Add(time.Minute))
			if err != nil || fresh != st.wantFresh {
				t.Fatalf("%s: fresh = %v, %v; want %v", st.name, fresh, err, st.wantFresh)
			}
		}
		if n, err := s.PruneReplay(ctx, now.Add(5*time.Minute)); err != nil || n != 0 {
			t.Fatalf("prune within the margin = %d, %v; want 0", n, err)
		}
		if n, err := s.PruneReplay(ctx, now.Add(12*time.Minute)); err != nil || n != 3 {
			t.Fatalf("prune = %d, %v; want 3", n, err)
		}
	})
}

// TestReplayRace has many goroutines present one jti at once, as replicas
// would: exactly one may see it as new.
func TestReplayRace(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		s := open(t, engine)
		var fresh atomic.Int32
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.Remember(context.Background(), "DLA", "same", time.Now().Add(time.Minute))
				if err != nil {
					t.Error(err)
				}
				if ok {
					fresh.Add(1)
				}
			}()
		}
		wg.Wait()
		if fresh.Load() != 1 {
			t.Fatalf("%d goroutines saw the jti as new, want 1", fresh.Load())
		}
	})
}

func TestRateLimit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := open(t, engine)
		limit := catalog.RateLimit{PerMinute: 60, Burst: 3}
		now := time.Now()
		for i := range 3 {
			if wait, err := s.Take(ctx, "grant:g1", limit, 1, now); err != nil || wait != 0 {
				t.Fatalf("token %d: wait %v, %v", i+1, wait, err)
			}
		}
		wait, err := s.Take(ctx, "grant:g1", limit, 1, now)
		if err != nil || wait <= 0 || wait > time.Second {
			t.Fatalf("empty bucket: wait %v, %v; want up to 1s", wait, err)
		}
		if wait, _ := s.Take(ctx, "grant:g2", limit, 1, now); wait != 0 {
			t.Fatal("another bucket was limited")
		}
		if wait, err := s.Take(ctx, "grant:g1", limit, 1, now.Add(1100*time.Millisecond)); err != nil || wait != 0 {
			t.Fatalf("after refill: wait %v, %v", wait, err)
		}
		if wait, _ := s.Take(ctx, "grant:g3", limit, 3, now); wait != 0 {
			t.Fatal("a batch of 3 within the burst was limited")
		}
		if wait, _ := s.Take(ctx, "grant:g3", limit, 2, now); wait < time.Second {
			t.Fatalf("a batch of 2 on an empty bucket waits %v, want about 2s", wait)
		}
		if _, err := s.Take(ctx, "grant:g4", limit, 4, now); err == nil {
			t.Fatal("a batch of 4 was let through a burst of 3")
		}
		if wait, _ := s.Take(ctx, "x", catalog.RateLimit{}, 1, now); wait != 0 {
			t.Fatal("no limit set must not limit")
		}
	})
}

// TestRateLimitRace has goroutines race for a burst of 5: exactly 5 win.
func TestRateLimitRace(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		s := open(t, engine)
		now := time.Now()
		var won atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				wait, err := s.Take(context.Background(), "b", catalog.RateLimit{PerMinute: 1, Burst: 5}, 1, now)
				if err != nil {
					t.Error(err)
				}
				if wait == 0 {
					won.Add(1)
				}
			}()
		}
		wg.Wait()
		if won.Load() != 5 {
			t.Fatalf("%d took a token, want 5", won.Load())
		}
	})
}

func TestLiveReplicas(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := open(t, engine)
		now := time.Now()
		for _, hb := range []struct {
			name string
			at   time.Time
		}{{"r0", now.Add(-time.Minute)}, {"r1", now}, {"r2", now}, {"r0", now.Add(-30 * time.Second)}} {
			if err := s.Heartbeat(ctx, hb.name, hb.at); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.LiveReplicas(ctx, now.Add(-15*time.Second)); err != nil || n != 2 {
			t.Fatalf("live = %d, %v; want 2", n, err)
		}
		if n, err := s.LiveReplicas(ctx, now.Add(-45*time.Second)); err != nil || n != 3 {
			t.Fatalf("live = %d, %v; want 3 (r0's last beat counts, once)", n, err)
		}
	})
}
