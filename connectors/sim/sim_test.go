package sim_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/connectors/sim"
	"github.com/gdx-exchange/gdx/connectors/sim/simtest"
)

// client returns an HTTP client presenting the gateway certificate.
func client(tb testing.TB, p *simtest.PKI) *http.Client {
	tb.Helper()
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: p.GatewayTLS()}, Timeout: 5 * time.Second}
	tb.Cleanup(c.CloseIdleConnections)
	return c
}

// getJSON fetches url and decodes the JSON body into a generic map.
func getJSON(tb testing.TB, c *http.Client, url string) (int, map[string]any) {
	tb.Helper()
	resp, err := c.Get(url)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		tb.Fatalf("GET %s: decode: %v", url, err)
	}
	return resp.StatusCode, body
}

func TestCivilRegistryShapes(t *testing.T) {
	p := simtest.NewPKI(t)
	s := simtest.Start(t, p, sim.CivilRegistry)
	c := client(t, p)
	person, _ := simtest.Data().Person(42)
	house, _ := simtest.Data().HouseByID(person.HouseID)
	tests := []struct {
		name   string
		path   string
		status int
		want   map[string]any
	}{
		{"person", sim.PersonPath + demo.PersonKey(42), 200, map[string]any{
			"personalID": demo.PersonKey(42), "firstName": person.FirstTH, "englishLastName": person.LastEN,
			"dateOfBirth":  float64((person.BirthDate.Year()+543)*10000 + int(person.BirthDate.Month())*100 + person.BirthDate.Day()),
			"provinceDesc": person.Address.Province, "houseID": float64(house.Index + 10010000000),
		}},
		{"house", sim.HousePath + person.HouseID, 200, map[string]any{"houseNo": house.Address.HouseNo, "postcode": house.Address.Postcode}},
		{"unknown person", sim.PersonPath + demo.PersonKey(10_000_000), 404, map[string]any{"Code": 404.0}},
		{"bad check digit", sim.PersonPath + "1000000000010", 400, map[string]any{"Code": 400.0}},
		{"juristic id as citizen id", sim.PersonPath + demo.CompanyKey(1), 400, map[string]any{"Code": 400.0}},
		{"unknown house", sim.HousePath + "10019999999", 404, map[string]any{"Code": 404.0}},
		{"bad house id", sim.HousePath + "12ab", 400, map[string]any{"Code": 400.0}},
		{"unknown path", "/nope", 404, map[string]any{"Code": 404.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := getJSON(t, c, s.URL()+tt.path)
			if status != tt.status {
				t.Fatalf("status %d, want %d; body %v", status, tt.status, body)
			}
			for k, v := range tt.want {
				if body[k] != v {
					t.Errorf("%s = %#v, want %#v", k, body[k], v)
				}
			}
		})
	}
}

func TestJuristicRegistryShapes(t *testing.T) {
	p := simtest.NewPKI(t)
	s := simtest.Start(t, p, sim.JuristicRegistry)
	c := client(t, p)
	co, _ := simtest.Data().Company(7)

	status, body := getJSON(t, c, s.URL()+sim.JuristicProfilePath+demo.CompanyKey(7))
	list, _ := body["ResultList"].([]any)
	if status != 200 || len(list) != 1 {
		t.Fatalf("status %d, ResultList %v", status, body["ResultList"])
	}
	prof := list[0].(map[string]any)
	wantDate := strconv.Itoa((co.RegisteredOn.Year()+543)*10000 + int(co.RegisteredOn.Month())*100 + co.RegisteredOn.Day())
	for k, v := range map[string]any{
		"JuristicID": demo.CompanyKey(7), "JuristicName_TH": co.NameTH, "RegisterDate": wantDate,
		"RegisterCapital": float64(co.Capital), "JuristicStatus": co.Status,
	} {
		if prof[k] != v {
			t.Errorf("%s = %#v, want %#v", k, prof[k], v)
		}
	}
	if cs := prof["CommitteeInformations"].([]any); len(cs) != len(co.Directors) {
		t.Errorf("%d committee members, want %d", len(cs), len(co.Directors))
	}

	status, body = getJSON(t, c, s.URL()+sim.JuristicProfilePath+demo.CompanyKey(99_999_999))
	if list, _ := body["ResultList"].([]any); status != 200 || list == nil || len(list) != 0 {
		t.Errorf("unknown company: status %d, ResultList %#v; want 200 and []", status, body["ResultList"])
	}
	status, body = getJSON(t, c, s.URL()+sim.JuristicProfilePath+demo.PersonKey(1))
	if status != 400 || body["ResultCode"] != "E400" {
		t.Errorf("citizen id as juristic id: status %d, body %v", status, body)
	}
}

func TestOnlyGatewaysMayConnect(t *testing.T) {
	p := simtest.NewPKI(t)
	other := simtest.NewPKI(t)
	agency := simtest.KeyPair(t, mustIssue(t)(p.CA.IssueAgency("DLA", 0)))
	otherGateway := simtest.KeyPair(t, mustIssue(t)(p.CA.IssueUpstream("gw-other", 0)))
	s := simtest.Start(t, p, sim.CivilRegistry, func(c *sim.Config) { c.Gateways = []string{simtest.GatewayName} })
	tests := []struct {
		name string
		tls  *tls.Config
		ok   bool
	}{
		{"gateway certificate", p.GatewayTLS(), true},
		{"agency certificate from the same CA", p.ClientTLS(agency), false},
		{"gateway not in the allowed list", p.ClientTLS(otherGateway), false},
		{"gateway certificate from another CA", certs.ClientTLSConfig(other.Gateway, p.CA.Pool()), false},
		{"no client certificate", &tls.Config{RootCAs: p.CA.Pool(), MinVersion: tls.VersionTLS12}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &http.Client{Transport: &http.Transport{TLSClientConfig: tt.tls}, Timeout: 5 * time.Second}
			defer c.CloseIdleConnections()
			resp, err := c.Get(s.URL() + sim.PersonPath + demo.PersonKey(1))
			if err == nil {
				resp.Body.Close()
			}
			if (err == nil && resp.StatusCode == 200) != tt.ok {
				t.Fatalf("GET err = %v, want success %v", err, tt.ok)
			}
		})
	}
}

func mustIssue(tb testing.TB) func(*certs.Credential, error) *certs.Credential {
	return func(c *certs.Credential, err error) *certs.Credential {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return c
	}
}

func TestFaultsAdminEndpoint(t *testing.T) {
	p := simtest.NewPKI(t)
	s := simtest.Start(t, p, sim.JuristicRegistry)
	c := client(t, p)
	put := func(body string) int {
		req, _ := http.NewRequest(http.MethodPut, s.URL()+sim.FaultsPath, bytes.NewBufferString(body))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := put(`{"latency_ms":5,"error_rate":0.25,"error_status":502,"fail_next":2}`); got != 204 {
		t.Fatalf("PUT faults = %d, want 204", got)
	}
	want := sim.Faults{Latency: 5 * time.Millisecond, ErrorRate: 0.25, ErrorStatus: 502}
	if got := s.Faults(); got != want {
		t.Errorf("Faults() = %+v, want %+v", got, want)
	}
	for _, bad := range []string{`{"error_rate":2}`, `{"nope":1}`, `not json`, `{"error_status":200}`} {
		if got := put(bad); got != 400 {
			t.Errorf("PUT %s = %d, want 400", bad, got)
		}
	}
	status, _ := getJSON(t, c, s.URL()+sim.JuristicProfilePath+demo.CompanyKey(1))
	if status != 502 {
		t.Errorf("first request after fail_next = %d, want 502", status)
	}
}

func TestHangEndsOnClose(t *testing.T) {
	p := simtest.NewPKI(t)
	s := simtest.Start(t, p, sim.CivilRegistry, func(c *sim.Config) { c.Faults.Hang = true })
	c := client(t, p)
	errc := make(chan error, 1)
	go func() {
		resp, err := c.Get(s.URL() + sim.PersonPath + demo.PersonKey(1))
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	time.Sleep(100 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	go func() { _ = s.Close() }()
	select {
	case <-errc:
	case <-ctx.Done():
		t.Fatal("a hung request outlived Close by 2s")
	}
}

func TestConfigValidate(t *testing.T) {
	p := simtest.NewPKI(t)
	good := sim.Config{Registry: sim.CivilRegistry, Certificate: p.Server, ClientCAs: p.CA.Pool()}
	tests := []struct {
		name string
		edit func(*sim.Config)
		ok   bool
	}{
		{"good", func(*sim.Config) {}, true},
		{"unknown registry", func(c *sim.Config) { c.Registry = "tax" }, false},
		{"no certificate", func(c *sim.Config) { c.Certificate = tls.Certificate{} }, false},
		{"no CA", func(c *sim.Config) { c.ClientCAs = nil }, false},
		{"bad error rate", func(c *sim.Config) { c.Faults.ErrorRate = -1 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.edit(&cfg)
			if err := cfg.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
