package ckan_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/ckan"
	"github.com/gdx-exchange/gdx/opendata/sqlstore"
)

// TestReplicasAgree runs two handlers, each on its own connection to one
// database as two replicas would be, polling at the default interval. A
// package synced through a third connection must be searchable on both
// within 5 s.
func TestReplicasAgree(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		dbURL := sqldbtest.URL(t, engine)
		f := fixtureOn(t, sqldbtest.OpenURL(t, dbURL))
		run, stop := context.WithCancel(ctx)
		t.Cleanup(stop)
		var replicas []*fixture
		for range 2 {
			store := sqlstore.New(sqldbtest.OpenURL(t, dbURL))
			h, srv := serveWith(t, store, time.Now, ckan.DefaultPollInterval)
			go func() { _ = h.Run(run) }()
			replicas = append(replicas, &fixture{handler: h, srv: srv})
		}
		// Let each replica build its first snapshot before the change.
		for _, r := range replicas {
			waitFor(t, r, "stat-new", false, 5*time.Second)
		}
		f.stats.pkgs = append(f.stats.pkgs, statsPackage("stat-new", "สถิติใหม่", "exchange"))
		start := time.Now()
		if r := f.sync(t); r.Created != 1 {
			t.Fatalf("sync = %+v", r)
		}
		for i, r := range replicas {
			waitFor(t, r, "stat-new", true, 5*time.Second)
			t.Logf("replica %d serves the change %v after the sync", i, time.Since(start).Round(time.Millisecond))
		}
	})
}

// waitFor polls the replica's package_search until the package is (or is
// not) found, failing after limit.
func waitFor(t *testing.T, r *fixture, name string, present bool, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		var res struct{ Count int }
		envelope(t, r.get(t, "package_search", url.Values{"fq": {"name:" + name}}), &res)
		if (res.Count == 1) == present {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v the replica's search for %s still gives %d", limit, name, res.Count)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
