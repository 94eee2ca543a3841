package stats

import (
	"context"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// chainOf is a trail of one writer's n lookups.
type chainOf struct{ n int }

func (c chainOf) Writers(context.Context) ([]string, error) { return []string{"gw-1"}, nil }

func (c chainOf) ScanChain(_ context.Context, _ string, after int64, limit int) ([]audit.Event, error) {
	var out []audit.Event
	for seq := after + 1; seq <= int64(c.n) && len(out) < limit; seq++ {
		out = append(out, audit.Event{Writer: "gw-1", Seq: seq, Kind: audit.KindLookup, Dataset: "dopa.person",
			Decision: audit.DecisionAllow, Status: 200, Time: time.Unix(1_764_000_000, 0)})
	}
	return out, nil
}

type noDatasets struct{}

func (noDatasets) ListDatasets(context.Context, catalog.DatasetFilter) ([]catalog.Dataset, error) {
	return nil, nil
}

// cursorStore keeps only the cursor.
type cursorStore struct{ at int64 }

func (s *cursorStore) Cursor(context.Context, string) (int64, error) { return s.at, nil }
func (s *cursorStore) Apply(_ context.Context, _ string, _, to int64, _ *Delta) error {
	s.at = to
	return nil
}
func (s *cursorStore) Refreshed(context.Context) (time.Time, error) { return time.Time{}, nil }

// TestRefreshRestsBetweenPages: with a Share, a refresh rests after every
// full page in proportion to the page's work, and not after the last;
// without one it never rests; and a rest ends with its context.
func TestRefreshRestsBetweenPages(t *testing.T) {
	for _, tt := range []struct {
		share     float64
		wantRests int
	}{{0, 0}, {1, 0}, {0.25, 3}} {
		var rests []time.Duration
		r := &Refresher{Trail: chainOf{n: 35}, Datasets: noDatasets{}, Store: &cursorStore{}, PageSize: 10, Share: tt.share,
			rest: func(_ context.Context, d time.Duration) error { rests = append(rests, d); return nil }}
		res, err := r.Refresh(context.Background())
		if err != nil || res.Events != 35 {
			t.Fatalf("share %v: Refresh = %+v, %v", tt.share, res, err)
		}
		if len(rests) != tt.wantRests { // pages of 10, 10, 10 rest; the last, of 5, does not
			t.Errorf("share %v: %d rests, want %d", tt.share, len(rests), tt.wantRests)
		}
	}
	worked := 40 * time.Millisecond
	r := &Refresher{Share: 0.25}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := r.restAfter(ctx, worked); err == nil || time.Since(start) > time.Second {
		t.Errorf("a rest of 3 × 40 ms did not end with its context: %v after %v", err, time.Since(start))
	}
	var got time.Duration
	r.rest = func(_ context.Context, d time.Duration) error { got = d; return nil }
	if _ = r.restAfter(context.Background(), worked); got != 120*time.Millisecond {
		t.Errorf("after 40 ms of work at a share of a quarter: rest %v, want 120ms", got)
	}
}
