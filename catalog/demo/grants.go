package demo

import (
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Grants returns the demo grants, valid for a year from `from`. DLA and RD
// hold different grants on the same datasets; NOGRANT holds none.
func Grants(from time.Time) []catalog.Grant {
	g := func(id, consumer, dataset string, purposes, fields, unmasked []string, perMinute int) catalog.Grant {
		return catalog.Grant{ID: id, Consumer: consumer, Dataset: dataset, Purposes: purposes, Fields: fields,
			Unmasked: unmasked, ValidFrom: from, ValidTo: from.AddDate(1, 0, 0),
			RateLimit: catalog.RateLimit{PerMinute: perMinute, Burst: perMinute / 6}, Status: catalog.GrantActive}
	}
	return []catalog.Grant{
		g("g-dla-person", DLA, PersonDataset, []string{"licensing", "welfare_eligibility"},
			[]string{"citizen_id", "title", "first_name_th", "last_name_th", "first_name_en", "last_name_en",
				"birth_date", "status", "death_date", "address", "house_id", "religion"},
			[]string{"citizen_id"}, 600),
		g("g-dla-house", DLA, HouseDataset, []string{"licensing"}, []string{"house_id", "address", "members"}, nil, 600),
		g("g-dla-company", DLA, CompanyDataset, []string{"licensing"},
			[]string{"juristic_id", "name_th", "name_en", "type", "registration_date", "capital", "status", "directors", "address", "objective_code"},
			nil, 600),
		g("g-rd-person", RD, PersonDataset, []string{"tax_assessment"},
			[]string{"citizen_id", "first_name_th", "last_name_th", "address"}, nil, 120),
		g("g-rd-company", RD, CompanyDataset, []string{"tax_assessment"},
			[]string{"juristic_id", "name_th", "capital", "status"}, nil, 120),
	}
}

// PersonKey returns the citizen id of the simulated person number n
// (0 ≤ n < 10^11): a valid id, the same for the same n, that the civil
// registry simulator serves.
func PersonKey(n int) string { return withCheckDigit(fmt.Sprintf("1%011d", n)) }

// CompanyKey returns the juristic id of the simulated company number n.
func CompanyKey(n int) string { return withCheckDigit(fmt.Sprintf("0105%08d", n)) }

// HouseKey returns the house id of the simulated house number n.
func HouseKey(n int) string { return fmt.Sprintf("1001%07d", n) }

func withCheckDigit(first12 string) string {
	return first12 + string(catalog.CheckDigit(first12))
}

// SampleKeys returns a few keys that exist for each keyed demo dataset.
func SampleKeys(ds catalog.Dataset) []string {
	switch ds.KeyKind {
	case catalog.KeyCitizenID:
		return []string{PersonKey(1), PersonKey(2), PersonKey(42)}
	case catalog.KeyJuristicID:
		return []string{CompanyKey(1), CompanyKey(7)}
	case catalog.KeyHouseID:
		return []string{HouseKey(1)}
	}
	return nil
}
