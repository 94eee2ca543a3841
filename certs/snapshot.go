package certs

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
)

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
	return &snapshot[T]{what: what, load: load, refresh: refresh, maxAge: MaxRevocationAge, logger: logger, now: time.Now}
}

// start reloads at once and then every refresh interval until ctx ends.
func (s *snapshot[T]) start(ctx context.Context) {
	go func() {
		t := time.NewTicker(s.refresh)
		defer t.Stop()
		for {
			s.reloadAndLog(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
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
