package connectors

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a settable clock for breakers.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newTestBreaker returns a breaker on a fake clock: 3 failures open it for
// a second, with 2 trial calls.
func newTestBreaker(tb testing.TB) (*Breaker, *fakeClock) {
	tb.Helper()
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	b := NewBreaker(BreakerConfig{Failures: 3, OpenFor: time.Second, Probes: 2})
	b.now = clock.now
	return b, clock
}

// call runs one guarded call with outcome o; it reports whether it was let through.
func call(b *Breaker, o outcome) bool {
	t, ok := b.allow()
	if ok {
		b.done(t, o)
	}
	return ok
}

func TestBreakerStates(t *testing.T) {
	type step struct {
		advance time.Duration
		o       outcome
		allowed bool
		after   BreakerState
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"successes keep it closed", []step{{0, success, true, BreakerClosed}, {0, failure, true, BreakerClosed}, {0, success, true, BreakerClosed}}},
		{"a success resets the count", []step{{0, failure, true, BreakerClosed}, {0, failure, true, BreakerClosed},
			{0, success, true, BreakerClosed}, {0, failure, true, BreakerClosed}, {0, failure, true, BreakerClosed}}},
		{"three failures open it", []step{{0, failure, true, BreakerClosed}, {0, failure, true, BreakerClosed},
			{0, failure, true, BreakerOpen}, {500 * time.Millisecond, success, false, BreakerOpen}}},
		{"cool-down half-opens, a good trial closes", []step{{0, failure, true, BreakerClosed}, {0, failure, true, BreakerClosed},
			{0, failure, true, BreakerOpen}, {time.Second, success, true, BreakerClosed}, {0, failure, true, BreakerClosed}}},
		{"a bad trial reopens", []step{{0, failure, true, BreakerClosed}, {0, failure, true, BreakerClosed},
			{0, failure, true, BreakerOpen}, {time.Second, failure, true, BreakerOpen}, {0, success, false, BreakerOpen},
			{time.Second, success, true, BreakerClosed}}},
		{"ignored outcomes count for nothing", []step{{0, ignored, true, BreakerClosed}, {0, failure, true, BreakerClosed},
			{0, ignored, true, BreakerClosed}, {0, failure, true, BreakerClosed}, {0, failure, true, BreakerOpen}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, clock := newTestBreaker(t)
			for i, s := range tt.steps {
				clock.add(s.advance)
				if got := call(b, s.o); got != s.allowed {
					t.Fatalf("step %d: allowed = %v, want %v", i, got, s.allowed)
				}
				if got := b.State(); got != s.after {
					t.Fatalf("step %d: state %s, want %s", i, got, s.after)
				}
			}
		})
	}
}

func TestBreakerHalfOpenLimitsTrials(t *testing.T) {
	b, clock := newTestBreaker(t)
	for range 3 {
		call(b, failure)
	}
	clock.add(time.Second)
	if b.State() != BreakerHalfOpen {
		t.Fatalf("state %s after cool-down, want half_open", b.State())
	}
	t1, ok1 := b.allow()
	t2, ok2 := b.allow()
	_, ok3 := b.allow()
	if !ok1 || !ok2 || ok3 {
		t.Fatalf("trials allowed = %v %v %v, want two of three", ok1, ok2, ok3)
	}
	b.done(t1, ignored) // frees its slot
	t4, ok4 := b.allow()
	if !ok4 {
		t.Fatal("an ignored trial did not free its slot")
	}
	b.done(t2, success)
	b.done(t4, failure) // stale: the breaker closed after t2
	if b.State() != BreakerClosed {
		t.Errorf("state %s, want closed: a stale outcome changed it", b.State())
	}
}

func TestBreakerStaleOutcomes(t *testing.T) {
	b, _ := newTestBreaker(t)
	slow, _ := b.allow() // a call from before the breaker opened
	for range 3 {
		call(b, failure)
	}
	b.done(slow, success)
	if b.State() != BreakerOpen {
		t.Errorf("a slow success from before the opening closed the breaker")
	}
}

// hammer runs calls with outcome o from g goroutines, n each, and returns
// how many were let through and the most trial calls seen in flight at once.
func hammer(b *Breaker, g, n int, o func(g, i int) outcome) (allowed int64, maxProbes int64) {
	var through, probes, most atomic.Int64
	var wg sync.WaitGroup
	for gi := range g {
		wg.Go(func() {
			for i := range n {
				t, ok := b.allow()
				if !ok {
					continue
				}
				through.Add(1)
				if t.probe {
					p := probes.Add(1)
					for m := most.Load(); p > m && !most.CompareAndSwap(m, p); m = most.Load() {
					}
				}
				_ = b.State().String()
				if t.probe {
					probes.Add(-1)
				}
				b.done(t, o(gi, i))
			}
		})
	}
	wg.Wait()
	return through.Load(), most.Load()
}

// TestBreakerConcurrent drives one breaker from many goroutines through
// opening, half-opening and closing, and checks where it ends each time
// and how many calls it let through.
func TestBreakerConcurrent(t *testing.T) {
	const goroutines, calls = 8, 500
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	b := NewBreaker(BreakerConfig{Failures: 5, OpenFor: time.Second, Probes: 2})
	b.now = clock.now

	// Failures only: the breaker opens after 5, and afterwards lets
	// nothing through; calls already in flight (at most one per other
	// goroutine) may still have been let through.
	allowed, _ := hammer(b, goroutines, calls, func(int, int) outcome { return failure })
	if st := b.State(); st != BreakerOpen {
		t.Fatalf("after %d failing calls: state %s, want open", goroutines*calls, st)
	}
	if allowed < 5 || allowed > 5+goroutines-1 {
		t.Fatalf("%d failing calls let through, want 5 to %d", allowed, 5+goroutines-1)
	}

	// Cool-down over, successes only: at most 2 trials run at once, and the
	// first good one closes it for everyone.
	clock.add(time.Second)
	allowed, most := hammer(b, goroutines, calls, func(int, int) outcome { return success })
	if st := b.State(); st != BreakerClosed {
		t.Fatalf("after successful trials: state %s, want closed", st)
	}
	if most < 1 || most > 2 || allowed < 1 {
		t.Fatalf("%d calls let through, %d trial calls in flight at once; want some, and 1 or 2 trials", allowed, most)
	}
	if allowed, _ := hammer(b, goroutines, 100, func(int, int) outcome { return success }); allowed != goroutines*100 {
		t.Fatalf("closed: %d of %d calls let through", allowed, goroutines*100)
	}

	// A mixed load with the clock moving: whatever the interleaving, the
	// counts stay consistent once every call has returned.
	stop := make(chan struct{})
	var ticking sync.WaitGroup
	ticking.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				clock.add(100 * time.Millisecond)
				time.Sleep(50 * time.Microsecond)
			}
		}
	})
	_, most = hammer(b, goroutines, calls, func(g, i int) outcome {
		if (g+i)%3 == 0 {
			return failure
		}
		return success
	})
	close(stop)
	ticking.Wait()
	b.mu.Lock()
	state, failures, probes := b.state, b.failures, b.probes
	b.mu.Unlock()
	if most > 2 || probes != 0 || failures >= 5 || (state != BreakerClosed && failures != 0) {
		t.Fatalf("after the mixed load: state %s, %d failures counted, %d trial slots taken, %d trials at once at most",
			state, failures, probes, most)
	}

	// And it still works: 5 failures in a row open it from wherever it is.
	clock.add(time.Hour)
	for range 5 {
		call(b, failure)
	}
	if st := b.State(); st != BreakerOpen {
		t.Fatalf("5 failures after the mixed load: state %s, want open", st)
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt  int
		min, max time.Duration
	}{
		{1, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 100 * time.Millisecond, 200 * time.Millisecond},
		{3, 200 * time.Millisecond, 400 * time.Millisecond},
		{10, 500 * time.Millisecond, time.Second},
	}
	for _, tt := range tests {
		for range 100 {
			d := backoff(100*time.Millisecond, time.Second, tt.attempt)
			if d < tt.min || d > tt.max {
				t.Fatalf("backoff(attempt %d) = %s, want in [%s, %s]", tt.attempt, d, tt.min, tt.max)
			}
		}
	}
}

func TestBreakerStateString(t *testing.T) {
	for s, want := range map[BreakerState]string{BreakerClosed: "closed", BreakerOpen: "open", BreakerHalfOpen: "half_open"} {
		if s.String() != want {
			t.Errorf("%d.String() = %q, want %q", s, s.String(), want)
		}
	}
}
