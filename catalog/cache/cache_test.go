package cache

import (
	"context"
	"slices"
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
	agency   catalog.Agency
	during   func() // runs inside each read, to interleave a change
}

func (s *countingSource) FindAgency(_ context.Context, code string) (catalog.Agency, error) {
	s.reads++
	a := s.agency
	if s.during != nil {
		s.during()
	}
	if a.Code != code {
		return catalog.Agency{}, catalog.Errorf(catalog.KindNotFound, "no agency %s", code)
	}
	return a, nil
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

// TestCacheKeepsItsOwnCopy: the caller handed the source's answer may
// change its slices without changing what the cache serves next; answers
// from memory are shared, read-only (see Catalog).
func TestCacheKeepsItsOwnCopy(t *testing.T) {
	src := &countingSource{datasets: map[string]catalog.Dataset{demo.PersonDataset: demo.Datasets()[0]}}
	c := New(src, time.Minute)
	ctx := context.Background()
	filter := catalog.GrantFilter{Consumer: "DLA", Dataset: demo.PersonDataset}
	d, err := c.FindDataset(ctx, demo.PersonDataset)
	if err != nil {
		t.Fatal(err)
	}
	d.Fields[0].Name, d.Tags = "tampered", append(d.Tags[:0], "tampered")
	gs, err := c.ListGrants(ctx, filter)
	if err != nil || len(gs) == 0 {
		t.Fatalf("ListGrants = %v, %v", gs, err)
	}
	gs[0].Fields[0], gs[0].Purposes[0], gs[0].ID = "tampered", "tampered", "tampered"
	d, _ = c.FindDataset(ctx, demo.PersonDataset)
	if d.Fields[0].Name == "tampered" || slices.Contains(d.Tags, "tampered") {
		t.Fatalf("the read-through's caller changed the cached dataset: fields[0] %q, tags %v", d.Fields[0].Name, d.Tags)
	}
	gs, _ = c.ListGrants(ctx, filter)
	if g := gs[0]; g.ID == "tampered" || g.Fields[0] == "tampered" || g.Purposes[0] == "tampered" {
		t.Fatalf("the read-through's caller changed the cached grant: %+v", g)
	}
	again, _ := c.FindDataset(ctx, demo.PersonDataset)
	if &again.Fields[0] != &d.Fields[0] {
		t.Fatal("two answers from memory hold different copies; they are meant to share the cache's")
	}
	if src.reads != 2 {
		t.Fatalf("%d reads, want 2: the later answers must come from memory", src.reads)
	}
}
