package catalogtest

import (
	"regexp"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

var generatedID = regexp.MustCompile(`^g-[0-9a-f]{12}$`)

func testGrants(t *testing.T, s catalog.Store) {
	seed(t, s)
	first, err := s.CreateGrant(ctx, grant("DLA")) // DLA on the civil registry for 2025
	must(t, err)
	tests := []struct {
		name  string
		g     catalog.Grant
		kind  catalog.Kind
		parts []string
	}{
		{"given ID is kept", with(grant("RD"), func(g *catalog.Grant) { g.ID, g.Purposes = "rd-2025", []string{tax.Code, licensing.Code} }), "", nil},
		{"duplicate ID is a conflict", with(grant("DBD"), func(g *catalog.Grant) { g.ID = "rd-2025" }),
			catalog.KindConflict, []string{"grant rd-2025 already exists"}},
		{"adjacent validity is no overlap", with(grant("DLA"), func(g *catalog.Grant) {
			g.ValidFrom, g.ValidTo = date(2026, time.January, 1), date(2027, time.January, 1)
		}), "", nil},
		{"overlapping validity is a conflict", with(grant("DLA"), func(g *catalog.Grant) {
			g.ValidFrom, g.Status = date(2025, time.June, 1), catalog.GrantRequested
		}), catalog.KindConflict, []string{"grant DLA→dopa.civil overlaps live grant " + first.ID}},
		{"overlap with a refused grant is fine", with(grant("DLA"), func(g *catalog.Grant) { g.Status = catalog.GrantRefused }), "", nil},
		{"field missing from the dataset is invalid", with(grant("DBD"), func(g *catalog.Grant) { g.Fields = append(g.Fields, "salary") }),
			catalog.KindInvalid, []string{`grant DBD→dopa.civil: field "salary" does not exist in dataset dopa.civil`}},
		{"unknown purpose is invalid", with(grant("DBD"), func(g *catalog.Grant) { g.Purposes = []string{"marketing"} }),
			catalog.KindInvalid, []string{"grant DBD→dopa.civil: purpose marketing is not registered"}},
		{"unknown consumer is invalid", grant("NOPE"),
			catalog.KindInvalid, []string{"grant NOPE→dopa.civil: consumer NOPE is not a registered agency"}},
		{"unknown dataset is invalid", with(grant("DBD"), func(g *catalog.Grant) { g.Dataset = "nope.x" }),
			catalog.KindInvalid, []string{"grant DBD→nope.x: dataset nope.x is not in the catalog"}},
		{"owner needs no grant", grant("DOPA"),
			catalog.KindInvalid, []string{"consumer DOPA owns dataset dopa.civil"}},
		{"reversed validity is invalid", with(grant("DBD"), func(g *catalog.Grant) { g.ValidFrom, g.ValidTo = g.ValidTo, g.ValidFrom }),
			catalog.KindInvalid, []string{"valid_to must be after valid_from"}},
		{"unmasked field must be granted", with(grant("DBD"), func(g *catalog.Grant) { g.Unmasked = []string{"religion"} }),
			catalog.KindInvalid, []string{`unmasked field "religion" is not among the granted fields`}},
		{"unknown status is invalid", with(grant("DBD"), func(g *catalog.Grant) { g.Status = "approved" }),
			catalog.KindInvalid, []string{`unknown status "approved"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.CreateGrant(ctx, tt.g)
			wantErr(t, err, tt.kind, tt.parts...)
			if tt.kind != "" {
				return
			}
			checkStored(t, s, tt.g, got)
		})
	}
	t.Run("empty ID is generated", func(t *testing.T) {
		checkStored(t, s, grant("DLA"), first)
		if !generatedID.MatchString(first.ID) {
			t.Errorf("generated ID %q does not match %s", first.ID, generatedID)
		}
	})
	t.Run("failed creates store nothing", func(t *testing.T) {
		all, err := s.ListGrants(ctx, catalog.GrantFilter{})
		must(t, err)
		if len(all) != 4 {
			t.Errorf("store holds %d grants, want 4: %+v", len(all), all)
		}
	})
}

// checkStored checks that CreateGrant returned sent with an ID and that
// FindGrant returns the same.
func checkStored(t testing.TB, s catalog.Store, sent, got catalog.Grant) {
	t.Helper()
	if sent.ID != "" && got.ID != sent.ID {
		t.Errorf("ID = %q, want %q", got.ID, sent.ID)
	}
	sent.ID = got.ID
	same(t, "created grant", got, sent)
	found, err := s.FindGrant(ctx, got.ID)
	must(t, err)
	same(t, "found grant", found, sent)
}

func testGrantUpdates(t *testing.T, s catalog.Store) {
	seed(t, s)
	a, err := s.CreateGrant(ctx, grant("DLA"))
	must(t, err)
	b, err := s.CreateGrant(ctx, with(grant("DLA"), func(g *catalog.Grant) {
		g.ValidFrom, g.ValidTo = date(2026, time.January, 1), date(2027, time.January, 1)
	}))
	must(t, err)
	tests := []struct {
		name  string
		g     catalog.Grant
		kind  catalog.Kind
		parts []string
	}{
		{"update replaces every field", with(a, func(g *catalog.Grant) {
			g.Purposes, g.Fields, g.Unmasked = []string{tax.Code}, []string{"religion", "birth_date"}, nil
			g.ValidTo, g.RateLimit, g.Status = date(2025, time.July, 1), catalog.RateLimit{PerMinute: 5, Burst: 1}, catalog.GrantRequested
		}), "", nil},
		{"moving within its own period is no overlap", with(a, func(g *catalog.Grant) { g.ValidFrom = date(2025, time.March, 1) }), "", nil},
		{"moving onto another live grant is a conflict", with(a, func(g *catalog.Grant) { g.ValidTo = date(2026, time.February, 1) }),
			catalog.KindConflict, []string{"overlaps live grant " + b.ID}},
		{"revoking then allows the overlap", with(a, func(g *catalog.Grant) {
			g.ValidTo, g.Status = date(2026, time.February, 1), catalog.GrantRevoked
		}), "", nil},
		{"invalid update is invalid", with(a, func(g *catalog.Grant) { g.Fields = []string{"salary"}; g.Unmasked = nil }),
			catalog.KindInvalid, []string{`field "salary" does not exist`}},
		{"missing grant is not found", with(a, func(g *catalog.Grant) { g.ID = "g-000000000000" }),
			catalog.KindNotFound, []string{"g-000000000000"}},
	}
	want := a
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, s.UpdateGrant(ctx, tt.g), tt.kind, tt.parts...)
			if tt.kind == "" {
				want = tt.g
			}
			got, err := s.FindGrant(ctx, a.ID)
			must(t, err)
			same(t, "grant after update", got, want)
		})
	}
	t.Run("a workflow step from a stale status is a conflict", func(t *testing.T) {
		cur, err := s.FindGrant(ctx, a.ID)
		must(t, err)
		next := with(cur, func(g *catalog.Grant) { g.Status = catalog.GrantRefused })
		wantErr(t, s.UpdateGrantFrom(ctx, next, catalog.GrantRequested), catalog.KindConflict, "no longer requested")
		wantErr(t, s.UpdateGrantFrom(ctx, next, cur.Status), "")
	})
}
