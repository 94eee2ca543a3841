package connectors

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors/sim"
	"github.com/gdx-exchange/gdx/connectors/sim/simtest"
)

// simAnswer is a body the civil registry simulator answered, with the key
// it was asked for.
type simAnswer struct {
	key  string
	body []byte
}

// simClient starts a simulator of reg and returns a GET of its path+key
// over mutual TLS that fails tb unless the answer is 200.
func simClient(tb testing.TB, reg sim.Registry) func(path, key string) simAnswer {
	tb.Helper()
	pki := simtest.NewPKI(tb)
	srv := simtest.Start(tb, pki, reg)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: pki.GatewayTLS()}}
	tb.Cleanup(client.CloseIdleConnections)
	return func(path, key string) simAnswer {
		resp, err := client.Get(srv.URL() + path + key)
		if err != nil {
			tb.Fatalf("GET %s%s: %v", path, key, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			tb.Fatalf("GET %s%s: status %d, %v", path, key, resp.StatusCode, err)
		}
		return simAnswer{key, body}
	}
}

// simCompanies asks a juristic registry simulator for n companies.
func simCompanies(tb testing.TB, n int) []simAnswer {
	tb.Helper()
	get := simClient(tb, sim.JuristicRegistry)
	var companies []simAnswer
	for i := range n {
		companies = append(companies, get(juristicProfilePath, demo.CompanyKey(i*7919%simtest.Data().Companies())))
	}
	return companies
}

// simAnswers asks a civil registry simulator, over mutual TLS, for n
// persons and the house of each: the real bodies that seed the fuzz
// targets and that the benchmarks decode.
func simAnswers(tb testing.TB, n int) (persons, houses []simAnswer) {
	tb.Helper()
	get := simClient(tb, sim.CivilRegistry)
	for i := range n {
		p := get(personPath, demo.PersonKey(i*7919%simtest.Data().Persons()))
		var h struct {
			HouseID digits `json:"houseID"`
		}
		if err := json.Unmarshal(p.body, &h); err != nil {
			tb.Fatalf("person body: %v", err)
		}
		persons, houses = append(persons, p), append(houses, get(housePath, h.HouseID.padded(11)))
	}
	return persons, houses
}

// addSeeds seeds a decoder's fuzz target with the simulator's real
// answers and the table test's bodies.
func addSeeds(f *testing.F, answers []simAnswer, cases []string) {
	for _, a := range answers {
		f.Add(a.body)
	}
	for _, body := range cases {
		f.Add([]byte(body))
	}
}
