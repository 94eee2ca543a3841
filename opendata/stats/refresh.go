package stats

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// Trail is what statistics read of the audit trail: its writers and their
// chains, link by link. It is read-only; audit.Store satisfies it.
type Trail interface {
	Writers(ctx context.Context) ([]string, error)
	ScanChain(ctx context.Context, writer string, after int64, limit int) ([]audit.Event, error)
}

// Datasets tells the owner of each dataset; catalog.Store satisfies it.
type Datasets interface {
	ListDatasets(ctx context.Context, f catalog.DatasetFilter) ([]catalog.Dataset, error)
}

// Store keeps the aggregates and, per audit writer, the cursor: the Seq of
// the last event counted.
type Store interface {
	// Cursor returns the Seq of the last event of writer counted, 0 for
	// none.
	Cursor(ctx context.Context, writer string) (int64, error)
	// Apply adds delta and moves writer's cursor from `from` to `to`, in
	// one transaction. Errors: conflict when the cursor is no longer at
	// from (another refresh counted those events first); nothing is added.
	Apply(ctx context.Context, writer string, from, to int64, d *Delta) error
	// Refreshed returns when Apply last changed anything, zero if never.
	Refreshed(ctx context.Context) (time.Time, error)
}

// Refresher folds new audit events into the statistics.
type Refresher struct {
	Trail    Trail
	Datasets Datasets
	Store    Store
	Log      *slog.Logger
	// PageSize is how many events one transaction counts (default 5000):
	// it bounds memory and the length of the lock.
	PageSize int
	// Share is the part of its time a refresh with more than one page to
	// count spends working: after each full page it rests in proportion,
	// so that a backlog (minutes of a busy exchange's trail) is counted
	// beside the lookups instead of crowding them off the CPU. 0 and 1
	// rest never, as `gdx opendata refresh` wants; gdx serve uses
	// ServingShare.
	Share float64
	// rest waits d or until ctx ends; nil is a timer. Tests replace it.
	rest func(ctx context.Context, d time.Duration) error
}

// ServingShare is the Refresher.Share of a serving exchange: a quarter of
// one core's time at most, which still counts about ten times faster than
// the trail grows at full load.
const ServingShare = 0.25

// Result says what a refresh did.
type Result struct {
	Events  int // events read
	Counted int // of them, requests counted
	Writers int
	Took    time.Duration
}

// Refresh reads every writer's events after its cursor and counts them.
func (r *Refresher) Refresh(ctx context.Context) (Result, error) {
	start := time.Now()
	owners, err := r.owners(ctx)
	if err != nil {
		return Result{}, err
	}
	writers, err := r.Trail.Writers(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("stats: list audit writers: %w", err)
	}
	res := Result{Writers: len(writers)}
	for _, w := range writers {
		if err := r.refreshWriter(ctx, w, owners, &res); err != nil {
			return res, err
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

func (r *Refresher) refreshWriter(ctx context.Context, writer string, owner ownerOf, res *Result) error {
	page := r.PageSize
	if page <= 0 {
		page = 5000
	}
	for {
		began := time.Now() // the page's work: reading it (the database's too), counting, storing
		from, err := r.Store.Cursor(ctx, writer)
		if err != nil {
			return fmt.Errorf("stats: cursor of %s: %w", writer, err)
		}
		events, err := r.Trail.ScanChain(ctx, writer, from, page)
		if err != nil {
			return fmt.Errorf("stats: read %s's chain after %d: %w", writer, from, err)
		}
		if len(events) == 0 {
			return nil
		}
		d := newDelta()
		for _, e := range events {
			d.add(e, owner)
		}
		to := events[len(events)-1].Seq
		err = r.Store.Apply(ctx, writer, from, to, d)
		if catalog.IsKind(err, catalog.KindConflict) {
			continue // another replica counted this page: read the cursor again
		}
		if err != nil {
			return fmt.Errorf("stats: count %s's events %d..%d: %w", writer, from+1, to, err)
		}
		res.Events += len(events)
		res.Counted += d.Events
		if len(events) < page {
			return nil
		}
		if err := r.restAfter(ctx, time.Since(began)); err != nil {
			return err
		}
	}
}

// restAfter rests after a page that took worked, so that work is Share of
// the time.
func (r *Refresher) restAfter(ctx context.Context, worked time.Duration) error {
	if r.Share <= 0 || r.Share >= 1 {
		return nil
	}
	d := time.Duration(float64(worked) * (1 - r.Share) / r.Share)
	if r.rest != nil {
		return r.rest(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// owners maps dataset ids to their owners, read once per refresh.
func (r *Refresher) owners(ctx context.Context) (ownerOf, error) {
	ds, err := r.Datasets.ListDatasets(ctx, catalog.DatasetFilter{})
	if err != nil {
		return nil, fmt.Errorf("stats: list datasets: %w", err)
	}
	m := make(map[string]string, len(ds))
	for _, d := range ds {
		m[d.ID] = d.Owner
	}
	return func(id string) string { return m[id] }, nil
}

// Run refreshes every interval until ctx ends, logging failures (the next
// round retries; statistics are late, never wrong).
func (r *Refresher) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if res, err := r.Refresh(ctx); err != nil && !errors.Is(err, context.Canceled) {
			r.log().Warn("statistics refresh failed; will retry", "err", err, "next_in", every)
		} else if res.Events > 0 {
			r.log().Info("statistics refreshed", "events", res.Events, "counted", res.Counted, "took", res.Took)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (r *Refresher) log() *slog.Logger {
	if r.Log == nil {
		return slog.Default()
	}
	return r.Log
}
