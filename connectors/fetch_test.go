package connectors_test

import (
	"context"
	"crypto/tls"
	"reflect"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/connectors/sim/simtest"
)

func TestFetchPersons(t *testing.T) {
	f := newFixture(t)
	data := simtest.Data()
	deceased := -1
	for n := 0; deceased < 0; n++ {
		if p, _ := data.Person(n); p.Deceased {
			deceased = n
		}
	}
	for _, n := range []int{0, 1, 2, 42, deceased, data.Persons() - 1} {
		p, _ := data.Person(n)
		got, err := f.fetch(t, demo.PersonDataset, p.CitizenID)
		if err != nil {
			t.Fatalf("person %d: %v", n, err)
		}
		if want := wantPerson(p); !reflect.DeepEqual(got, want) {
			t.Errorf("person %d:\n got %v\nwant %v", n, got, want)
		}
	}
	if p0, _ := data.Person(0); len(dataset(t, demo.PersonDataset).Fields) != len(wantPerson(p0)) {
		t.Errorf("the person record does not carry every catalog field")
	}
}

func TestFetchCompanies(t *testing.T) {
	f := newFixture(t)
	data := simtest.Data()
	for _, n := range []int{0, 1, 7, data.Companies() - 1} {
		c, _ := data.Company(n)
		got, err := f.fetch(t, demo.CompanyDataset, c.JuristicID)
		if err != nil {
			t.Fatalf("company %d: %v", n, err)
		}
		if want := wantCompany(c); !reflect.DeepEqual(got, want) {
			t.Errorf("company %d:\n got %v\nwant %v", n, got, want)
		}
		if len(got) != len(dataset(t, demo.CompanyDataset).Fields) {
			t.Errorf("company record has %d fields, catalog %d", len(got), len(dataset(t, demo.CompanyDataset).Fields))
		}
	}
}

func TestFetchHouse(t *testing.T) {
	f := newFixture(t)
	data := simtest.Data()
	p, _ := data.Person(42)
	h, _ := data.HouseByID(p.HouseID)
	got, err := f.fetch(t, demo.HouseDataset, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	members := got["members"].([]any)
	if got["house_id"] != h.ID || !reflect.DeepEqual(got["address"], wantAddress(h.Address)) || len(members) != len(h.Members) {
		t.Fatalf("house %s: got %v", h.ID, got)
	}
	for i, m := range members {
		mp, _ := data.Person(h.Members[i])
		role := map[bool]string{true: "head", false: "resident"}[i == 0]
		want := map[string]any{"citizen_id": mp.CitizenID, "title": mp.Title, "first_name_th": mp.FirstTH,
			"last_name_th": mp.LastTH, "role": role, "status": wantPerson(mp)["status"]}
		if !reflect.DeepEqual(m, want) {
			t.Errorf("member %d: got %v, want %v", i, m, want)
		}
	}
}

func TestFetchErrors(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name    string
		dataset string
		key     string
		kind    catalog.Kind
		reason  string
	}{
		{"unknown person", demo.PersonDataset, demo.PersonKey(50_000_000), catalog.KindNotFound, connectors.ReasonNotFound},
		{"unknown company", demo.CompanyDataset, demo.CompanyKey(99_999_999), catalog.KindNotFound, connectors.ReasonNotFound},
		{"unknown house", demo.HouseDataset, demo.HouseKey(9_999_999), catalog.KindNotFound, connectors.ReasonNotFound},
		{"bad check digit", demo.PersonDataset, "1000000000010", catalog.KindInvalid, "key_checksum"},
		{"path injection", demo.PersonDataset, "../house/1", catalog.KindInvalid, "key_malformed"},
		{"juristic id for a person", demo.PersonDataset, demo.CompanyKey(1), catalog.KindInvalid, "key_malformed"},
		{"dataset without a connector", demo.BiometricsDataset, demo.PersonKey(1), catalog.KindUnavailable, connectors.ReasonNoConnector},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.fetch(t, tt.dataset, tt.key)
			checkKind(t, err, tt.kind, tt.reason)
		})
	}
	if n := f.civil.Requests(); n != 2 {
		t.Errorf("civil registry saw %d requests, want 2 (invalid keys never leave)", n)
	}
}

func TestDatasetWiredToWrongConnector(t *testing.T) {
	f := newFixture(t)
	ds := dataset(t, demo.HouseDataset)
	ds.Connector = connectors.PersonConnector
	_, err := f.reg.Fetch(context.Background(), ds, demo.HouseKey(1))
	checkKind(t, err, catalog.KindInternal, "")
}

func TestGarbageBodies(t *testing.T) {
	f := newFixture(t, func(u *connectors.Upstream) { u.Breaker.Failures = 100 })
	faults := f.civil.Faults()
	faults.Garbage = true
	if err := f.civil.SetFaults(faults); err != nil {
		t.Fatal(err)
	}
	for i := range 5 { // every kind of garbage the simulator has
		_, err := f.fetch(t, demo.PersonDataset, demo.PersonKey(1))
		if !catalog.IsKind(err, catalog.KindUpstream) || catalog.ErrorReason(err) != connectors.ReasonBadBody {
			t.Errorf("garbage %d: err = %v, want upstream %s", i, err, connectors.ReasonBadBody)
		}
	}
	if n := f.civil.Requests(); n != 5 {
		t.Errorf("%d requests for 5 fetches: garbage must not be retried", n)
	}
}

func TestBodyLimit(t *testing.T) {
	f := newFixture(t, func(u *connectors.Upstream) { u.MaxBodyBytes = 256 })
	_, err := f.fetch(t, demo.PersonDataset, demo.PersonKey(1))
	checkKind(t, err, catalog.KindUpstream, connectors.ReasonBadBody)
}

func TestKeepAlive(t *testing.T) {
	f := newFixture(t)
	for range 20 {
		if _, err := f.fetch(t, demo.CompanyDataset, demo.CompanyKey(1)); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.juristic.Connections(); n != 1 {
		t.Errorf("20 sequential fetches opened %d connections, want 1", n)
	}
}

func TestConfigValidate(t *testing.T) {
	pki := simtest.NewPKI(t)
	good := connectors.Upstream{BaseURL: "https://127.0.0.1:1/prefix", TLS: pki.GatewayTLS()}
	tests := []struct {
		name string
		cfg  connectors.Config
		ok   bool
	}{
		{"good", connectors.Config{Upstreams: map[string]connectors.Upstream{connectors.CivilRegistry: good}}, true},
		{"unknown upstream", connectors.Config{Upstreams: map[string]connectors.Upstream{"tax": good}}, false},
		{"plain http", upstreams(connectors.Upstream{BaseURL: "http://127.0.0.1:1", TLS: good.TLS}), false},
		{"query in base URL", upstreams(connectors.Upstream{BaseURL: "https://h/?a=1", TLS: good.TLS}), false},
		{"no TLS", upstreams(connectors.Upstream{BaseURL: good.BaseURL}), false},
		{"no client certificate", upstreams(connectors.Upstream{BaseURL: good.BaseURL, TLS: &tls.Config{RootCAs: pki.CA.Pool()}}), false},
		{"too many attempts", upstreams(connectors.Upstream{BaseURL: good.BaseURL, TLS: good.TLS, MaxAttempts: 11}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := connectors.New(tt.cfg); (err == nil) != tt.ok {
				t.Errorf("New() error = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func upstreams(u connectors.Upstream) connectors.Config {
	return connectors.Config{Upstreams: map[string]connectors.Upstream{connectors.CivilRegistry: u}}
}
