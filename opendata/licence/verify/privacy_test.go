package verify_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/verify"
)

// TestNaturalPersonsNeverAppearInOpenOutputs seeds demo licences and reads
// every open output there is (the store's public iteration and search, and
// the licence check over HTTP): no natural person's name, trade name or
// citizen id may appear in any of them.
func TestNaturalPersonsNeverAppearInOpenOutputs(t *testing.T) {
	cfg := licence.DemoConfig{Count: 3000}
	var naturals []licence.Licence
	for l := range licence.DemoLicences(cfg) {
		if l.Licensee.Kind == licence.Natural {
			naturals = append(naturals, l)
		}
	}
	if len(naturals) < 300 {
		t.Fatalf("only %d natural persons in the demo data", len(naturals))
	}
	s := openStore(t)
	if _, err := licence.SeedDemoWith(ctx, s, cfg); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := httpapi.NewEngine(log, 1<<16)
	verify.New(s, log).Register(e)
	srv := httptest.NewServer(e)
	defer srv.Close()

	var out strings.Builder
	for p, err := range s.Each(ctx, "") {
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(p)
		out.Write(b)
	}
	for _, n := range naturals[:300] {
		for _, q := range []string{n.Licensee.BusinessName, n.Licensee.PersonName, n.Number} {
			res, err := s.Search(ctx, licence.SearchQuery{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(res)
			out.Write(b)
		}
		_, body := get(t, srv.URL+"/api/licences/"+n.Issuer+"/"+url.PathEscape(n.Number))
		out.Write(body)
	}
	all := out.String()
	if !strings.Contains(all, `"licensee_withheld":true`) || !strings.Contains(all, `"licensee_withheld": true`) {
		t.Fatal("the outputs never say a licensee is withheld; did they hold the natural persons' licences at all?")
	}
	for _, n := range naturals {
		for _, secret := range []string{n.Licensee.PersonName, n.Licensee.BusinessName, n.Licensee.CitizenID} {
			if strings.Contains(all, secret) {
				t.Fatalf("an open output holds %q, of natural-person licence %s", secret, n.Number)
			}
		}
	}
}
