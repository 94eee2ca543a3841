package certs

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// FallbackRefresh is how often a snapshot that follows a change feed
// reloads while the feed is not live, so that a revocation still takes
// effect within a second when change notices are lost.
const FallbackRefresh = 500 * time.Millisecond

// Changes announces changes of database tables; *notify.Feed is one.
type Changes interface {
	// Subscribe calls fn for every change of one of tables; table "" means
	// anything may have changed. local is true for a write of this
	// process, reported in the writer's goroutine after it committed.
	Subscribe(tables []string, fn func(table string, local bool))
	// Live reports whether changes are being delivered promptly.
	Live() bool
}

// snapshot keeps an immutable copy of something loaded from storage,
// reloaded in the background and read lock-free. It fails closed: Fresh
// errs until a load succeeds and once the last success is older than
// maxAge. The revocation list and the agency key ring both use it.
type snapshot[T any] struct {
	what    string
	load    func(ctx context.Context) (T, error)
	refresh time.Duration
	maxAge  time.Duration
	logger  *slog.Logger
	now     func() time.Time // replaced in tests
	cur     atomic.Pointer[loaded[T]]
	failing atomic.Bool // the last load failed; logs only on changes
	// loading makes loads one at a time, so that an older load never
	// replaces a newer one.
	loading sync.Mutex
	changes Changes       // nil: reload every refresh only
	kick    chan struct{} // a change was announced; reload soon
}

// loaded is one successful load; it is never modified after it is stored.
type loaded[T any] struct {
	value T
	at    time.Time
}

func newSnapshot[T any](what string, load func(context.Context) (T, error), refresh time.Duration, logger *slog.Logger) *snapshot[T] {
	if refresh <= 0 {
		refresh = DefaultRevocationRefresh
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &snapshot[T]{what: what, load: load, refresh: refresh, maxAge: MaxRevocationAge, logger: logger, now: time.Now,
		kick: make(chan struct{}, 1)}
}

// follow reloads on every change of tables that ch announces: at once,
// in the writer's goroutine, for this process's own writes (so a
// revocation holds before the call that made it returns), and soon after
// for other processes'. Call it before start.
func (s *snapshot[T]) follow(ch Changes, tables []string) {
	s.changes = ch
	ch.Subscribe(tables, func(_ string, local bool) {
		if local {
			s.reloadAndLog(context.Background())
			return
		}
		select {
		case s.kick <- struct{}{}:
		default: // a reload is already due
		}
	})
}

// followTick is how often a snapshot that follows a feed looks at it;
// each look costs a Live call, and a load only when one is due.
const followTick = 100 * time.Millisecond

// tick is how often start's loop wakes.
func (s *snapshot[T]) tick() time.Duration {
	if s.changes == nil {
		return s.refresh
	}
	return min(s.refresh, followTick)
}

// due reports whether a reload is due at a tick: always without a feed;
// with one, once the copy is refresh old, or FallbackRefresh old while
// the feed is not live.
func (s *snapshot[T]) due() bool {
	if s.changes == nil {
		return true
	}
	cur := s.cur.Load()
	if cur == nil {
		return true
	}
	age := s.now().Sub(cur.at)
	return age >= s.refresh || (age >= FallbackRefresh && !s.changes.Live())
}

// start reloads at once and then every refresh interval until ctx ends;
// following a feed, also on every announced change, and every
// FallbackRefresh while the feed is not live.
func (s *snapshot[T]) start(ctx context.Context) {
	go func() {
		t := time.NewTicker(s.tick())
		defer t.Stop()
		for {
			s.reloadAndLog(ctx)
			if !s.wait(ctx, t.C) {
				return
			}
		}
	}()
}

// wait returns when a reload is due, or false when ctx ends.
func (s *snapshot[T]) wait(ctx context.Context, tick <-chan time.Time) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case <-s.kick:
			return true
		case <-tick:
			if s.due() {
				return true
			}
		}
	}
}

// reloadAndLog runs one load and logs when loading starts or stops failing.
func (s *snapshot[T]) reloadAndLog(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	err := s.reload(ctx)
	switch {
	case err != nil && ctx.Err() == context.Canceled:
		return
	case err != nil && !s.failing.Swap(true):
		s.logger.Warn(s.what+" refresh failing; requests are refused once it is stale", "err", err, "max_age", s.maxAge)
	case err == nil && s.failing.Swap(false):
		s.logger.Info(s.what + " refresh recovered")
	}
}

// reload loads now and swaps the result in; on error the previous stays.
func (s *snapshot[T]) reload(ctx context.Context) error {
	s.loading.Lock()
	defer s.loading.Unlock()
	v, err := s.load(ctx)
	if err != nil {
		return fmt.Errorf("refresh %s: %w", s.what, err)
	}
	s.cur.Store(&loaded[T]{value: v, at: s.now()})
	return nil
}

// get returns the current value, or nil before the first load.
func (s *snapshot[T]) get() *loaded[T] { return s.cur.Load() }

// fresh errs (wrapping ErrStale) if nothing loaded yet or the last load is
// older than maxAge.
func (s *snapshot[T]) fresh() error {
	cur := s.cur.Load()
	if cur == nil {
		return fmt.Errorf("%w: %s never loaded", ErrStale, s.what)
	}
	if age := s.now().Sub(cur.at); age > s.maxAge {
		return fmt.Errorf("%w: %s last loaded %s ago, limit %s", ErrStale, s.what, age.Round(time.Second), s.maxAge)
	}
	return nil
}
