package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/policies"
)

func TestLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		f := newFixture(t, engine)
		v1 := f.bootstrap(t)
		if v1.ID != 1 || v1.Status != policies.StatusActive || f.engine.Version() != "v1" {
			t.Fatalf("bootstrap = %+v, engine %s", v1, f.engine.Version())
		}
		v2, err := f.flow.Draft(ctx, dopaSteward, withOwner(dopaClosed), "close for maintenance")
		if err != nil {
			t.Fatal(err)
		}
		if v2.Status != policies.StatusTested || v2.Parent != 1 || !slices.Equal(v2.Scopes, []string{"owner:dopa"}) ||
			!strings.Contains(v2.Diff, "+++ b/owner/dopa/policy.rego") || len(v2.Report.Tests) == 0 {
			t.Fatalf("draft = %+v", v2)
		}
		impact, err := f.flow.Impact(ctx, v2.ID, demoCatalog(), policies.ImpactOptions{Time: testNow})
		if err != nil || impact.NewlyDenied == 0 || impact.NewlyAllowed != 0 || impact.Before != "v1" {
			t.Fatalf("impact = %+v, %v", impact, err)
		}
		if _, err := f.flow.Approve(ctx, v2.ID, dopaApprover); err != nil {
			t.Fatal(err)
		}
		if _, err := f.flow.Activate(ctx, v2.ID, dopaApprover); err != nil {
			t.Fatal(err)
		}
		if d := f.decide(t); d.Allow || d.PolicyVersion != "v2" || !d.HasReason("dopa_maintenance") {
			t.Fatalf("decision under v2 = %+v", d)
		}
		got, _ := f.store.FindVersion(ctx, 1)
		if got.Status != policies.StatusSuperseded {
			t.Errorf("v1 is %s after v2 activated", got.Status)
		}
		evs, err := f.store.Events(ctx, v2.ID)
		if err != nil || len(evs) != 3 || evs[0].Kind != policies.EventDrafted || evs[1].Actor != dopaApprover ||
			evs[2].Kind != policies.EventActivated {
			t.Fatalf("events = %+v, %v", evs, err)
		}
	})
}

func TestRollbackRestores(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		f := newFixture(t, engine)
		f.bootstrap(t)
		v2 := f.draftApproved(t, withOwner(dopaClosed))
		if _, err := f.flow.Activate(ctx, v2.ID, dopaApprover); err != nil {
			t.Fatal(err)
		}
		if _, err := f.flow.Rollback(ctx, 2, dopaApprover, "not superseded yet"); err == nil {
			t.Fatal("rollback to the active version accepted")
		}
		back, err := f.flow.Rollback(ctx, 1, dopaApprover, "maintenance over")
		if err != nil {
			t.Fatal(err)
		}
		if back.Status != policies.StatusActive || f.engine.Version() != "v1" {
			t.Fatalf("after rollback: %+v, engine %s", back, f.engine.Version())
		}
		if d := f.decide(t); !d.Allow || d.PolicyVersion != "v1" {
			t.Fatalf("decision after rollback = %+v", d)
		}
		evs, _ := f.store.Events(ctx, 1)
		if last := evs[len(evs)-1]; last.Kind != policies.EventRolledBack || last.Note != "maintenance over" {
			t.Errorf("last event of v1 = %+v", last)
		}
		if id, _ := f.store.ActiveVersionID(ctx); id != 1 {
			t.Errorf("active id = %d", id)
		}
	})
}

func TestApprovalRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		f := newFixture(t, engine)
		f.bootstrap(t)
		own, err := f.flow.Draft(ctx, dopaApprover, withOwner(dopaOpen), "")
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			call func() error
			kind catalog.Kind
		}{
			{"self-approval", func() error { _, err := f.flow.Approve(ctx, own.ID, dopaApprover); return err }, catalog.KindForbidden},
			{"steward may not approve", func() error { _, err := f.flow.Approve(ctx, own.ID, dopaSteward); return err }, catalog.KindForbidden},
			{"other agency may not approve", func() error { _, err := f.flow.Approve(ctx, own.ID, dbdApprover); return err }, catalog.KindForbidden},
			{"auditor may not draft", func() error { _, err := f.flow.Draft(ctx, dopaAuditor, withOwner(dopaClosed), ""); return err }, catalog.KindForbidden},
			{"DOPA may not change the baseline", func() error {
				mods := policies.Baseline()
				mods["baseline.rego"] += "\n# a comment\n"
				_, err := f.flow.Draft(ctx, dopaSteward, mods, "")
				return err
			}, catalog.KindForbidden},
			{"unapproved cannot activate", func() error { _, err := f.flow.Activate(ctx, own.ID, admin); return err }, catalog.KindConflict},
			{"no change", func() error { _, err := f.flow.Draft(ctx, admin, policies.Baseline(), ""); return err }, catalog.KindInvalid},
			{"anonymous", func() error { _, err := f.flow.Draft(ctx, policies.Actor{}, withOwner(dopaOpen), ""); return err }, catalog.KindUnauthenticated},
			{"store re-checks self-approval", func() error { return f.store.ApproveVersion(ctx, own.ID, dopaApprover, testNow) }, catalog.KindForbidden},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { wantKind(t, tt.call(), tt.kind) })
		}
		if _, err := f.flow.Approve(ctx, own.ID, admin); err != nil {
			t.Fatalf("admin approval: %v", err)
		}
		mods := policies.Baseline()
		mods["baseline.rego"] += "\n# reviewed\n"
		v, err := f.flow.Draft(ctx, admin, mods, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.flow.Approve(ctx, v.ID, admin2); err != nil {
			t.Fatalf("second admin approving a baseline change: %v", err)
		}
	})
}

func TestRefusedDraftsBlock(t *testing.T) {
	failing := withOwner(dopaOpen)
	failing["owner/dopa/policy_test.rego"] = "package gdx.owner.dopa_test\n\nimport data.gdx.owner.dopa\n\n" +
		"test_closed if {\n\tnot dopa.decision.allow with input as {\"requested_fields\": [\"a\"]}\n}\n"
	broken := withOwner(dopaOpen)
	broken["owner/dopa/policy.rego"] = "package gdx.owner.dopa\n\ndecision := {\"allow\" true}\n"
	tests := []struct {
		name string
		mods policies.Modules
		line string
	}{
		{"failing test", failing, "owner/dopa/policy_test.rego:5: gdx.owner.dopa_test.test_closed: FAIL"},
		{"does not parse", broken, "owner/dopa/policy.rego:3:"},
	}
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		f := newFixture(t, engine)
		f.bootstrap(t)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				v, err := f.flow.Draft(ctx, dopaSteward, tt.mods, "")
				wantRefused(t, err, tt.line)
				stored, ferr := f.store.FindVersion(ctx, v.ID)
				if ferr != nil || stored.Status != policies.StatusFailed || stored.Report.OK() {
					t.Fatalf("stored draft = %+v, %v", stored, ferr)
				}
				_, err = f.flow.Approve(ctx, v.ID, dopaApprover)
				wantKind(t, err, catalog.KindConflict)
				if err := f.flow.Reject(ctx, v.ID, dopaApprover, "fix the tests"); err != nil {
					t.Fatal(err)
				}
				if f.engine.Version() != "v1" {
					t.Errorf("engine left v1: %s", f.engine.Version())
				}
			})
		}
	})
}

// TestConcurrentActivation races two approved versions drafted on the same
// parent: exactly one becomes active, the other is stale.
func TestConcurrentActivation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		f := newFixture(t, engine)
		f.bootstrap(t)
		a := f.draftApproved(t, withOwner(dopaClosed))
		b := f.draftApproved(t, withOwner(dopaOpen))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, v := range []policies.Version{a, b} {
			wg.Go(func() { _, errs[i] = f.flow.Activate(ctx, v.ID, dopaApprover) })
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("activations: %v, %v; want exactly one to succeed", errs[0], errs[1])
		}
		loser := slices.IndexFunc(errs, func(err error) bool { return err != nil })
		wantKind(t, errs[loser], catalog.KindConflict)
		active, _ := f.store.ActiveVersionID(ctx)
		vs, _ := f.store.ListVersions(ctx)
		n := 0
		for _, v := range vs {
			if v.Status == policies.StatusActive {
				n++
				if v.ID != active {
					t.Errorf("v%d active but pointer at v%d", v.ID, active)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d active versions", n)
		}
	})
}
