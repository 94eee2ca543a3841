package sqlstore_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/policies"
)

// TestWatcherConverges activates on one replica and waits for a second,
// which only polls, to serve the new version within 5 s, and again after
// a rollback.
func TestWatcherConverges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a := newFixture(t, engine)
		a.bootstrap(t)
		b := replica(t, a.url)
		w := &policies.Watcher{Source: b.store, Engine: b.engine, Interval: 100 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))}
		done := make(chan error, 1)
		go func() { done <- w.Run(ctx) }()
		waitFor(t, b.engine, "v1")
		v2 := a.draftApproved(t, withOwner(dopaClosed))
		if _, err := a.flow.Activate(ctx, v2.ID, dopaApprover); err != nil {
			t.Fatal(err)
		}
		waitFor(t, b.engine, "v2")
		if d := b.decide(t); d.Allow || !d.HasReason("dopa_maintenance") {
			t.Errorf("replica b under v2: %+v", d)
		}
		if _, err := a.flow.Rollback(ctx, 1, admin, "undo"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, b.engine, "v1")
		cancel()
		if err := <-done; err != context.Canceled {
			t.Errorf("Run = %v", err)
		}
	})
}

func waitFor(t *testing.T, e *policies.Engine, version string) {
	t.Helper()
	start := time.Now()
	for e.Version() != version {
		if time.Since(start) > 5*time.Second {
			t.Fatalf("replica serves %q after 5s, want %s", e.Version(), version)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("replica on %s after %v", version, time.Since(start).Round(time.Millisecond))
}

func TestDecisionLog(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		f := newFixture(t, engine)
		f.bootstrap(t)
		in := personLookup()
		d := f.decide(t)
		rec := policies.NewDecisionRecord(in, d)
		if err := f.store.RecordDecision(ctx, rec); err != nil {
			t.Fatal(err)
		}
		wantKind(t, f.store.RecordDecision(ctx, rec), catalog.KindConflict)
		if err := f.store.LinkAuditEvent(ctx, d.ID, "audit-42"); err != nil {
			t.Fatal(err)
		}
		wantKind(t, f.store.LinkAuditEvent(ctx, "nope", "audit-43"), catalog.KindNotFound)
		got, err := f.store.FindDecision(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.AuditEvent != "audit-42" || got.PolicyVersion != "v1" || !got.Allow || got.Grant != "g-dla-person" ||
			got.Agency != "DLA" || len(got.Fields) != 1 || !got.Time.Equal(testNow) || got.Class != catalog.Confidential {
			t.Fatalf("recorded decision = %+v", got)
		}
		_, err = f.store.FindDecision(ctx, "nope")
		wantKind(t, err, catalog.KindNotFound)
	})
}
