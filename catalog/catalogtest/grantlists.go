package catalogtest

import (
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

func testGrantLists(t *testing.T, s catalog.Store) {
	seed(t, s)
	stored := []catalog.Grant{
		with(grant("DLA"), func(g *catalog.Grant) { g.ID = "g-1" }),
		with(grant("DLA"), func(g *catalog.Grant) {
			g.ID, g.ValidFrom, g.ValidTo = "g-2", date(2026, time.January, 1), date(2027, time.January, 1)
		}),
		with(grant("RD"), func(g *catalog.Grant) { g.ID, g.Status = "g-3", catalog.GrantRequested }),
		with(grant("DLA"), func(g *catalog.Grant) {
			g.ID, g.Dataset, g.Fields, g.Unmasked = "g-4", juristic.ID, []string{"juristic_id", "name_th"}, nil
			g.ValidTo = date(2027, time.January, 1)
		}),
		with(grant("RD"), func(g *catalog.Grant) {
			g.ID, g.Dataset, g.Fields, g.Unmasked, g.Status = "g-5", juristic.ID, []string{"name_th"}, nil, catalog.GrantRevoked
		}),
	}
	for _, g := range []int{3, 0, 4, 2, 1} { // out of order
		_, err := s.CreateGrant(ctx, stored[g])
		must(t, err)
	}
	mid2025 := date(2025, time.July, 1)
	tests := []struct {
		name string
		f    catalog.GrantFilter
		want []string
	}{
		{"no filter lists all by id", catalog.GrantFilter{}, []string{"g-1", "g-2", "g-3", "g-4", "g-5"}},
		{"consumer", catalog.GrantFilter{Consumer: "DLA"}, []string{"g-1", "g-2", "g-4"}},
		{"dataset", catalog.GrantFilter{Dataset: juristic.ID}, []string{"g-4", "g-5"}},
		{"consumer and dataset", catalog.GrantFilter{Consumer: "RD", Dataset: civil.ID}, []string{"g-3"}},
		{"valid at keeps active grants in force", catalog.GrantFilter{ValidAt: mid2025}, []string{"g-1", "g-4"}},
		{"valid_to is exclusive and valid_from inclusive", catalog.GrantFilter{ValidAt: date(2026, time.January, 1)}, []string{"g-2", "g-4"}},
		{"valid at with consumer", catalog.GrantFilter{Consumer: "RD", ValidAt: mid2025}, nil},
		{"valid before every grant", catalog.GrantFilter{ValidAt: date(2020, time.January, 1)}, nil},
		{"unknown consumer lists none", catalog.GrantFilter{Consumer: "NOPE"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListGrants(ctx, tt.f)
			must(t, err)
			var want []catalog.Grant
			for _, g := range stored {
				if contains(tt.want, g.ID) && tt.f.Match(g) {
					want = append(want, g)
				}
			}
			if len(want) != len(tt.want) {
				t.Fatalf("test case disagrees with GrantFilter.Match: %v", tt.want)
			}
			same(t, "grants", got, want)
		})
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
