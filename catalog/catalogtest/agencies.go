package catalogtest

import (
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
)

func testAgencies(t *testing.T, s catalog.Store) {
	must(t, s.CreateAgency(ctx, dopa))
	tests := []struct {
		name  string
		a     catalog.Agency
		kind  catalog.Kind
		parts []string
	}{
		{"thai names round trip", dla, "", nil},
		{"suspended agency round trips", rd, "", nil},
		{"duplicate code is a conflict", catalog.Agency{Code: "DOPA", NameEN: "Again", Status: catalog.AgencyActive},
			catalog.KindConflict, []string{"agency DOPA already exists"}},
		{"bad code is invalid", catalog.Agency{Code: "x", NameEN: "X", Status: catalog.AgencyActive},
			catalog.KindInvalid, []string{`agency code "x"`}},
		{"missing names are invalid", catalog.Agency{Code: "NONAME", Status: catalog.AgencyActive},
			catalog.KindInvalid, []string{"agency NONAME needs a Thai or English name"}},
		{"unknown status is invalid", catalog.Agency{Code: "ODD", NameEN: "Odd", Status: "closed"},
			catalog.KindInvalid, []string{`status "closed"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, s.CreateAgency(ctx, tt.a), tt.kind, tt.parts...)
			if tt.kind != "" {
				return
			}
			got, err := s.FindAgency(ctx, tt.a.Code)
			must(t, err)
			same(t, "agency", got, tt.a)
		})
	}
	t.Run("conflict keeps the first agency", func(t *testing.T) {
		got, err := s.FindAgency(ctx, "DOPA")
		must(t, err)
		same(t, "agency", got, dopa)
	})
	t.Run("invalid agency is not stored", func(t *testing.T) {
		_, err := s.FindAgency(ctx, "NONAME")
		wantErr(t, err, catalog.KindNotFound)
	})
	t.Run("missing agency is not found", func(t *testing.T) {
		_, err := s.FindAgency(ctx, "NOPE")
		wantErr(t, err, catalog.KindNotFound, "NOPE")
	})
}

func testAgencyUpdates(t *testing.T, s catalog.Store) {
	must(t, s.CreateAgency(ctx, dopa))
	renamed := dopa
	renamed.NameTH, renamed.NameEN, renamed.Status = "กรมการปกครอง (ใหม่)", "DOPA renamed", catalog.AgencySuspended
	tests := []struct {
		name  string
		a     catalog.Agency
		kind  catalog.Kind
		parts []string
		want  catalog.Agency // DOPA afterwards
	}{
		{"update replaces names and status", renamed, "", nil, renamed},
		{"invalid update changes nothing", catalog.Agency{Code: "DOPA", NameEN: "X", Status: "gone"},
			catalog.KindInvalid, []string{`status "gone"`}, renamed},
		{"missing agency is not found", catalog.Agency{Code: "NOPE", NameEN: "Nope", Status: catalog.AgencyActive},
			catalog.KindNotFound, []string{"NOPE"}, renamed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, s.UpdateAgency(ctx, tt.a), tt.kind, tt.parts...)
			got, err := s.FindAgency(ctx, "DOPA")
			must(t, err)
			same(t, "agency", got, tt.want)
		})
	}
	t.Run("list is ordered by code in byte order", func(t *testing.T) {
		for _, code := range []string{"AB", "A1", "A-B", "ZZ"} {
			must(t, s.CreateAgency(ctx, catalog.Agency{Code: code, NameEN: code, Status: catalog.AgencyActive}))
		}
		got, err := s.ListAgencies(ctx)
		must(t, err)
		var codes []string
		for _, a := range got {
			codes = append(codes, a.Code)
		}
		same(t, "agency codes", codes, []string{"A-B", "A1", "AB", "DOPA", "ZZ"})
		same(t, "DOPA in list", got[3], renamed)
	})
}

func testPurposes(t *testing.T, s catalog.Store) {
	changed := licensing
	changed.DescriptionTH, changed.SensitiveBasis = "พิจารณาใบอนุญาต", catalog.SensitiveExplicitConsent
	tests := []struct {
		name  string
		p     catalog.Purpose
		kind  catalog.Kind
		parts []string
		want  catalog.Purpose
	}{
		{"thai description round trips", licensing, "", nil, licensing},
		{"sensitive basis round trips", tax, "", nil, tax},
		{"put replaces", changed, "", nil, changed},
		{"unknown basis is invalid", catalog.Purpose{Code: "whim", DescriptionEN: "On a whim", Basis: "whim"},
			catalog.KindInvalid, []string{`unknown lawful basis "whim"`}, catalog.Purpose{}},
		{"bad code is invalid", catalog.Purpose{Code: "Bad Code", DescriptionEN: "x", Basis: catalog.BasisConsent},
			catalog.KindInvalid, []string{`purpose code "Bad Code"`}, catalog.Purpose{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, s.PutPurpose(ctx, tt.p), tt.kind, tt.parts...)
			got, err := s.FindPurpose(ctx, tt.p.Code)
			if tt.kind != "" {
				wantErr(t, err, catalog.KindNotFound)
				return
			}
			must(t, err)
			same(t, "purpose", got, tt.want)
		})
	}
	t.Run("missing purpose is not found", func(t *testing.T) {
		_, err := s.FindPurpose(ctx, "nope")
		wantErr(t, err, catalog.KindNotFound, "nope")
	})
	t.Run("list is ordered by code", func(t *testing.T) {
		got, err := s.ListPurposes(ctx)
		must(t, err)
		same(t, "purposes", got, []catalog.Purpose{changed, tax})
	})
}
