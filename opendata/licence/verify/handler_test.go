package verify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
	"github.com/gdx-exchange/gdx/opendata/licence/sqlstore"
	"github.com/gdx-exchange/gdx/opendata/licence/verify"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var ctx = context.Background()

// checkedAt is the clock of the tests: 15 January 2025 in Bangkok.
var checkedAt = time.Date(2025, time.January, 15, 3, 0, 0, 0, time.UTC)

type agencies map[string]catalog.Agency

func (a agencies) FindAgency(_ context.Context, code string) (catalog.Agency, error) {
	if ag, ok := a[code]; ok {
		return ag, nil
	}
	return catalog.Agency{}, catalog.Errorf(catalog.KindNotFound, "agency %s not found", code)
}

func openStore(t testing.TB) *sqlstore.Store {
	t.Helper()
	db := sqldbtest.Open(t, "sqlite")
	if err := sqlstore.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	return sqlstore.New(db)
}

// server serves the licence check over a store holding the test licences.
func server(t testing.TB) (*httptest.Server, *sqlstore.Store) {
	t.Helper()
	s := openStore(t)
	lapsed := licencetest.Juristic("DLA", 2)
	lapsed.ExpiresOn = licence.MakeDate(2024, time.December, 31)
	revoked, suspended := licencetest.Juristic("DLA", 3), licencetest.Juristic("DLA", 5)
	revoked.Status, suspended.Status = licence.StatusRevoked, licence.StatusSuspended
	slashed := licencetest.Juristic("DLA", 6)
	slashed.Number = "12/2567"
	batch := []licence.Licence{licencetest.Juristic("DLA", 1), lapsed, revoked, licencetest.Natural("DLA", 4), suspended, slashed}
	if _, err := s.Upsert(ctx, "DLA", batch); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := httpapi.NewEngine(log, 1<<16)
	names := agencies{"DLA": {Code: "DLA", NameTH: "กรมส่งเสริมการปกครองท้องถิ่น", NameEN: "Department of Local Administration"}}
	verify.New(s, log, verify.WithAgencies(names), verify.WithClock(func() time.Time { return checkedAt })).Register(e)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv, s
}

func TestLicenceCheck(t *testing.T) {
	srv, _ := server(t)
	cases := []struct {
		name, path string
		status     int
		golden     string // "" to check only the status and the part
		part       string
	}{
		{"active", "/api/licences/DLA/T-000001", 200, "active", `"valid_now": true`},
		{"any case", "/api/licences/dla/t-000001", 200, "active", ""},
		{"past its expiry date", "/api/licences/DLA/T-000002", 200, "lapsed", `"status_now": "expired"`},
		{"revoked", "/api/licences/DLA/T-000003", 200, "revoked", "was revoked by DLA"},
		{"suspended", "/api/licences/DLA/T-000005", 200, "", "is suspended"},
		{"natural person", "/api/licences/DLA/N-000004", 200, "natural", `"licensee_withheld": true`},
		{"slash in the number", "/api/licences/DLA/12/2567", 200, "", `"licence_number": "12/2567"`},
		{"escaped slash", "/api/licences/DLA/12%2F2567", 200, "", `"licence_number": "12/2567"`},
		{"Thai digits", "/api/licences/DLA/%E0%B9%91%E0%B9%92/%E0%B9%92%E0%B9%95%E0%B9%96%E0%B9%97", 200, "", `"licence_number": "12/2567"`},
		{"no such licence", "/api/licences/DLA/NOPE-1", 404, "notfound", "does not exist"},
		{"another issuer's number", "/api/licences/DOPA/T-000001", 404, "", "does not exist"},
		{"bad issuer", "/api/licences/D@/T-1", 400, "badissuer", "agency code"},
		{"issuer too long", "/api/licences/" + strings.Repeat("A", 17) + "/T-1", 400, "", "issuer_malformed"},
		{"bad number", "/api/licences/DLA/T%201", 400, "", "number_malformed"},
		{"number too long", "/api/licences/DLA/" + strings.Repeat("1", 41), 400, "", "longer than 40"},
		{"path too long", "/api/licences/DLA/" + strings.Repeat("1", 300), 400, "", "path_too_long"},
		{"no number", "/api/licences/DLA/", 400, "", "give the licence number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := get(t, srv.URL+c.path)
			if res.StatusCode != c.status || !strings.Contains(string(body), c.part) {
				t.Fatalf("GET %s = %d %s; want %d with %q", c.path, res.StatusCode, body, c.status, c.part)
			}
			wantType := "application/json; charset=utf-8"
			if c.status != 200 {
				wantType = "application/problem+json"
			}
			if got := res.Header.Get("Content-Type"); got != wantType {
				t.Errorf("Content-Type = %q, want %q", got, wantType)
			}
			if c.golden != "" {
				golden(t, c.golden, body)
			}
		})
	}
}

func get(t testing.TB, url string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// golden compares body, with its varying parts (request id, history
// times) blanked, to testdata/name.json; -update rewrites the file.
func golden(t testing.TB, name string, body []byte) {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, body)
	}
	if _, ok := v["request_id"]; ok {
		v["request_id"] = "<request id>"
	}
	if hs, ok := v["history"].([]any); ok {
		for _, h := range hs {
			h.(map[string]any)["at"] = "<time>"
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("body differs from %s:\n%s\nwant:\n%s", path, buf.Bytes(), want)
	}
}
