package connectors_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/connectors/sim"
	"github.com/gdx-exchange/gdx/connectors/sim/simtest"
	"github.com/gdx-exchange/gdx/connectors/synth"
)

// fixture is a pair of simulators and a registry of connectors to them,
// over real mutual TLS on loopback.
type fixture struct {
	pki      *simtest.PKI
	civil    *sim.Server
	juristic *sim.Server
	reg      *connectors.Registry
}

// newFixture starts both simulators and builds connectors with fast
// backoff; edit adjusts each upstream's settings.
func newFixture(tb testing.TB, edit ...func(*connectors.Upstream)) *fixture {
	tb.Helper()
	f := &fixture{pki: simtest.NewPKI(tb)}
	f.civil = simtest.Start(tb, f.pki, sim.CivilRegistry)
	f.juristic = simtest.Start(tb, f.pki, sim.JuristicRegistry)
	f.reg = newRegistry(tb, f, edit...)
	return f
}

// newRegistry builds a registry of connectors to f's simulators.
func newRegistry(tb testing.TB, f *fixture, edit ...func(*connectors.Upstream)) *connectors.Registry {
	tb.Helper()
	up := func(url string) connectors.Upstream {
		u := connectors.Upstream{BaseURL: url, TLS: f.pki.GatewayTLS(), Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
		for _, e := range edit {
			e(&u)
		}
		return u
	}
	reg, err := connectors.New(connectors.Config{Upstreams: map[string]connectors.Upstream{
		connectors.CivilRegistry:    up(f.civil.URL()),
		connectors.JuristicRegistry: up(f.juristic.URL()),
	}})
	if err != nil {
		tb.Fatalf("connectors.New: %v", err)
	}
	tb.Cleanup(reg.Close)
	return reg
}

// dataset returns the demo dataset with the given id.
func dataset(tb testing.TB, id string) catalog.Dataset {
	tb.Helper()
	for _, d := range demo.Datasets() {
		if d.ID == id {
			return d
		}
	}
	tb.Fatalf("no demo dataset %s", id)
	return catalog.Dataset{}
}

// fetch calls the registry with a 5s deadline.
func (f *fixture) fetch(tb testing.TB, id, key string) (connectors.Record, error) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return f.reg.Fetch(ctx, dataset(tb, id), key)
}

// checkKind fails unless err is a catalog error of kind k (and reason, if
// given).
func checkKind(tb testing.TB, err error, k catalog.Kind, reason string) {
	tb.Helper()
	if !catalog.IsKind(err, k) || (reason != "" && catalog.ErrorReason(err) != reason) {
		tb.Fatalf("err = %v (kind %s, reason %q); want kind %s reason %q",
			err, catalog.ErrorKind(err), catalog.ErrorReason(err), k, reason)
	}
}

// iso renders a date as the connectors do.
func iso(t time.Time) string { return t.Format(time.DateOnly) }

// wantAddress is the catalog address object of a synthetic address.
func wantAddress(a synth.Address) map[string]any {
	v := ""
	if a.VillageNo != 0 {
		v = strconv.Itoa(a.VillageNo)
	}
	return map[string]any{
		"house_no": a.HouseNo, "village_no": v, "alley": a.Alley, "road": a.Road,
		"subdistrict": a.Subdistrict, "district": a.District, "province": a.Province, "postcode": a.Postcode,
	}
}

// wantPerson is the record the person connector must return for p.
func wantPerson(p synth.Person) connectors.Record {
	sex, status, death := "female", "alive", any(nil)
	if p.Sex == synth.Male {
		sex = "male"
	}
	if p.Deceased {
		status, death = "deceased", iso(p.DeathDate)
	}
	return connectors.Record{
		"citizen_id": p.CitizenID, "title": p.Title, "first_name_th": p.FirstTH, "last_name_th": p.LastTH,
		"first_name_en": p.FirstEN, "last_name_en": p.LastEN, "birth_date": iso(p.BirthDate), "sex": sex,
		"nationality": p.Nationality, "religion": p.Religion, "status": status, "death_date": death,
		"address": wantAddress(p.Address), "house_id": p.HouseID,
	}
}

// wantCompany is the record the company connector must return for c.
func wantCompany(c synth.Company) connectors.Record {
	statuses := map[string]string{
		synth.StatusActive: "active", synth.StatusRestored: "restored", synth.StatusDissolved: "dissolved",
		synth.StatusLiquidated: "liquidated", synth.StatusAbandoned: "abandoned", synth.StatusBankrupt: "bankrupt",
		synth.StatusRehabilitate: "rehabilitation",
	}
	directors := []any{}
	for _, d := range c.Directors {
		directors = append(directors, map[string]any{"title": d.Title, "first_name": d.FirstTH, "last_name": d.LastTH, "position": d.Position})
	}
	return connectors.Record{
		"juristic_id": c.JuristicID, "name_th": c.NameTH, "name_en": c.NameEN, "type": c.Type,
		"registration_date": iso(c.RegisteredOn), "capital": float64(c.Capital), "status": statuses[c.Status],
		"directors": directors, "address": wantAddress(c.Address), "objective_code": c.ObjectiveCode,
	}
}
