package cache

import (
	"context"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
)

// countingSource is an in-memory catalog that counts reads; the cache is
// what is under test, and the SQL stores run their own suite.
type countingSource struct {
	reads    int
	datasets map[string]catalog.Dataset
}

func (s *countingSource) FindDataset(_ context.Context, id string) (catalog.Dataset, error) {
	s.reads++
	d, ok := s.datasets[id]
	if !ok {
		return d, catalog.Errorf(catalog.KindNotFound, "no dataset %s", id)
	}
	return d, nil
}

func (s *countingSource) FindPurpose(context.Context, string) (catalog.Purpose, error) {
	s.reads++
	return catalog.Purpose{Code: "licensing"}, nil
}

func (s *countingSource) ListGrants(context.Context, catalog.GrantFilter) ([]catalog.Grant, error) {
	s.reads++
	return demo.Grants(time.Now()), nil
}

func TestCacheServesWithinTTLAndRereadsAfter(t *testing.T) {
	src := &countingSource{datasets: map[string]catalog.Dataset{demo.PersonDataset: demo.Datasets()[0]}}
	c := New(src, time.Second)
	now := time.Now()
	c.now = func() time.Time { return now }
	ctx := context.Background()
	for range 3 {
		if _, err := c.FindDataset(ctx, demo.PersonDataset); err != nil {
			t.Fatal(err)
		}
		if _, err := c.FindDataset(ctx, "nope"); !catalog.IsKind(err, catalog.KindNotFound) {
			t.Fatalf("unknown dataset: %v", err)
		}
		c.ListGrants(ctx, catalog.GrantFilter{Consumer: "DLA", Dataset: demo.PersonDataset})
	}
	if src.reads != 3 {
		t.Fatalf("%d reads for three repeated questions, want 3", src.reads)
	}
	now = now.Add(1100 * time.Millisecond)
	c.FindDataset(ctx, demo.PersonDataset)
	if src.reads != 4 {
		t.Fatal("a stale entry was served after the TTL")
	}
	c.ListGrants(ctx, catalog.GrantFilter{Consumer: "DLA", ValidAt: now})
	c.ListGrants(ctx, catalog.GrantFilter{Consumer: "DLA", ValidAt: now})
	if src.reads != 6 {
		t.Fatal("time-dependent grant filters must not be cached")
	}
}
