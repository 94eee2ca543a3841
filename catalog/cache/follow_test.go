package cache

import (
	"context"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	catalogsql "github.com/gdx-exchange/gdx/catalog/sqlstore"
)

// fakeFeed is a change feed the test drives.
type fakeFeed struct {
	live bool
	fns  []func(string, bool)
}

func (f *fakeFeed) Subscribe(_ []string, fn func(string, bool)) { f.fns = append(f.fns, fn) }
func (f *fakeFeed) Live() bool                                  { return f.live }
func (f *fakeFeed) announce(table string) {
	for _, fn := range f.fns {
		fn(table, false)
	}
}

func dla(status catalog.AgencyStatus) catalog.Agency {
	return catalog.Agency{Code: "DLA", NameTH: "x", NameEN: "x", Ministry: "x", Status: status}
}

// TestFollowingCacheKeepsEntriesUntilTheirTableChanges: with a live feed,
// entries outlive the short TTL, and a change of a table drops exactly
// that table's entries.
func TestFollowingCacheKeepsEntriesUntilTheirTableChanges(t *testing.T) {
	src := &countingSource{datasets: map[string]catalog.Dataset{demo.PersonDataset: demo.Datasets()[0]}, agency: dla(catalog.AgencyActive)}
	feed := &fakeFeed{live: true}
	c := New(src, time.Second)
	c.Follow(feed)
	now := time.Now()
	c.now = func() time.Time { return now }
	ctx := context.Background()
	read := func() {
		if _, err := c.FindAgency(ctx, "DLA"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.FindDataset(ctx, demo.PersonDataset); err != nil {
			t.Fatal(err)
		}
	}
	read()
	now = now.Add(30 * time.Second)
	read()
	if src.reads != 2 {
		t.Fatalf("%d reads; a live feed must keep entries past the short TTL", src.reads)
	}
	src.agency = dla(catalog.AgencySuspended)
	feed.announce(TableAgencies)
	a, _ := c.FindAgency(ctx, "DLA")
	if a.Active() || src.reads != 3 {
		t.Fatalf("after a change of agencies: %s, %d reads", a.Status, src.reads)
	}
	c.FindDataset(ctx, demo.PersonDataset)
	if src.reads != 3 {
		t.Fatal("a change of agencies dropped the datasets too")
	}
	feed.announce("") // the feed reopened: anything may have changed
	read()
	if src.reads != 5 {
		t.Fatalf("%d reads; a reopened feed must drop everything", src.reads)
	}
	now = now.Add(LiveTTL)
	read()
	if src.reads != 7 {
		t.Fatal("entries outlived LiveTTL")
	}
}

// TestFollowingCacheFallsBackToTheTTL: when the feed is not live, the
// short TTL applies, to entries cached while it was live too.
func TestFollowingCacheFallsBackToTheTTL(t *testing.T) {
	src := &countingSource{agency: dla(catalog.AgencyActive)}
	feed := &fakeFeed{live: true}
	c := New(src, 500*time.Millisecond)
	c.Follow(feed)
	now := time.Now()
	c.now = func() time.Time { return now }
	ctx := context.Background()
	c.FindAgency(ctx, "DLA")
	now = now.Add(10 * time.Second)
	feed.live = false
	c.FindAgency(ctx, "DLA")
	c.FindAgency(ctx, "DLA")
	if src.reads != 2 {
		t.Fatalf("%d reads; a 10 s old entry was served with the feed down", src.reads)
	}
	now = now.Add(600 * time.Millisecond)
	c.FindAgency(ctx, "DLA")
	if src.reads != 3 {
		t.Fatal("the short TTL did not apply with the feed down")
	}
}

// TestAReadRacingAChangeIsNotKept: a read through that started before a
// change and returns after it must not be remembered.
func TestAReadRacingAChangeIsNotKept(t *testing.T) {
	src := &countingSource{agency: dla(catalog.AgencyActive)}
	feed := &fakeFeed{live: true}
	c := New(src, time.Second)
	c.Follow(feed)
	ctx := context.Background()
	src.during = func() { // the suspension commits while the old row is in flight
		src.agency = dla(catalog.AgencySuspended)
		feed.announce(TableAgencies)
	}
	if a, _ := c.FindAgency(ctx, "DLA"); !a.Active() {
		t.Fatal("the racing read should see the old row")
	}
	src.during = nil
	if a, _ := c.FindAgency(ctx, "DLA"); a.Active() {
		t.Fatal("the racing read's old row was kept and served after the change")
	}
}

// TestTableNamesAreTheStores: the cache listens for the names the catalog
// store announces.
func TestTableNamesAreTheStores(t *testing.T) {
	pairs := [][2]string{{TableAgencies, catalogsql.TableAgencies}, {TableDatasets, catalogsql.TableDatasets},
		{TablePurposes, catalogsql.TablePurposes}, {TableGrants, catalogsql.TableGrants}}
	for _, p := range pairs {
		if p[0] != p[1] {
			t.Errorf("cache listens for %q, the store announces %q", p[0], p[1])
		}
	}
}
