package notify

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// Defaults of Options.
const (
	// DefaultWait is how long the stream may stay quiet before its
	// connection is checked; Live turns false within about 3× this when
	// the connection silently dies.
	DefaultWait = 250 * time.Millisecond
	// maxBackoff bounds the pause between attempts to reopen the stream.
	maxBackoff = 5 * time.Second
	// minBackoff is the first pause after the stream breaks.
	minBackoff = 100 * time.Millisecond
)

// Options tune a Feed; zero fields take the defaults.
type Options struct {
	// Counters are the stores' SQLite change-counter tables (each store
	// exports its ChangeCounter); PostgreSQL ignores them.
	Counters []string
	// Wait is the quiet time before a liveness check; default DefaultWait.
	Wait time.Duration
	// Logger reports losing and regaining the stream; nil discards.
	Logger *slog.Logger
}

// Feed delivers the database's change notices to subscribers. It is safe
// for concurrent use; call Run once.
type Feed struct {
	db     *sqldb.DB
	opts   Options
	mu     sync.RWMutex
	subs   []subscriber
	open   atomic.Bool
	lastOK atomic.Int64 // unix nanoseconds of the last sign of life
	losses atomic.Uint64
	now    func() time.Time
}

type subscriber struct {
	tables map[string]bool // nil: every table
	fn     func(table string, local bool)
}

// New returns a feed on db. Writes this process commits through stores
// on db reach subscribers at once, from New on; other processes' writes
// once Run has opened the stream.
func New(db *sqldb.DB, opts Options) *Feed {
	if opts.Wait <= 0 {
		opts.Wait = DefaultWait
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	f := &Feed{db: db, opts: opts, now: time.Now}
	db.OnChange(func(table string) { f.dispatch(table, true) })
	return f
}

// Subscribe calls fn for every change of one of tables (every table when
// tables is empty). local is true for a write of this process, reported
// in the writer's goroutine after its commit; other notices come from the
// feed's goroutine, in order. table is "" when any table may have changed
// unseen: when the stream (re)opens after a gap. fn must be quick.
func (f *Feed) Subscribe(tables []string, fn func(table string, local bool)) {
	s := subscriber{fn: fn}
	if len(tables) > 0 {
		s.tables = map[string]bool{}
		for _, t := range tables {
			s.tables[t] = true
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs = append(f.subs, s)
}

func (f *Feed) dispatch(table string, local bool) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	for _, s := range f.subs {
		if table == "" || s.tables == nil || s.tables[table] {
			s.fn(table, local)
		}
	}
}

// Live reports whether every committed change is known to reach the
// subscribers promptly: the stream is open and showed a sign of life
// within the last 3×Wait. While it is false, caches must expire quickly.
func (f *Feed) Live() bool {
	if !f.open.Load() {
		return false
	}
	return f.now().Sub(time.Unix(0, f.lastOK.Load())) < 3*f.opts.Wait
}

// Losses counts the times the stream broke since New.
func (f *Feed) Losses() uint64 { return f.losses.Load() }

// Run keeps the stream open until ctx ends, reopening it with backoff.
func (f *Feed) Run(ctx context.Context) {
	backoff := minBackoff
	for ctx.Err() == nil {
		stream, err := f.db.OpenChangeStream(ctx, f.opts.Counters)
		if err == nil {
			err = f.follow(ctx, stream)
			stream.Close()
			backoff = minBackoff
		}
		if ctx.Err() != nil {
			return
		}
		f.lost(err, backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// follow reads notices until the stream breaks. It first tells every
// subscriber that anything may have changed, since what happened while
// no stream was open went unseen.
func (f *Feed) follow(ctx context.Context, stream sqldb.ChangeStream) error {
	f.dispatch("", false)
	f.lastOK.Store(f.now().UnixNano())
	if !f.open.Swap(true) && f.losses.Load() > 0 {
		f.opts.Logger.Info("change notices restored; caches serve from memory again")
	}
	for {
		table, err := stream.Next(ctx, f.opts.Wait)
		if err != nil {
			return err
		}
		f.lastOK.Store(f.now().UnixNano())
		if table != "" {
			f.dispatch(table, false)
		}
	}
}

// lost records a broken or unopenable stream.
func (f *Feed) lost(err error, retry time.Duration) {
	wasOpen := f.open.Swap(false)
	if wasOpen {
		f.losses.Add(1)
		f.opts.Logger.Warn("change notices lost; caches fall back to short expiry until they are restored",
			"err", err, "retry_in", retry)
		return
	}
	if f.losses.Load() == 0 {
		f.losses.Add(1)
		f.opts.Logger.Warn("change notices unavailable; caches use short expiry", "err", err, "retry_in", retry)
	}
}
