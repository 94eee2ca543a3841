package ckan_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/ckan"
	"github.com/gdx-exchange/gdx/opendata/sqlstore"
)

const siteURL = "http://data.gdx.test"

var ctx = context.Background()

// clock is a test clock that moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)} }

// memCatalog serves the demo catalog from memory.
type memCatalog struct{}

func (memCatalog) ListAgencies(context.Context) ([]catalog.Agency, error) {
	return demo.Agencies(), nil
}
func (memCatalog) ListDatasets(context.Context, catalog.DatasetFilter) ([]catalog.Dataset, error) {
	return demo.Datasets(), nil
}

func catalogProvider() opendata.Provider {
	return opendata.CatalogProvider(memCatalog{}, opendata.CatalogConfig{WebURL: siteURL, APIURL: "https://api.gdx.test"})
}

// listProvider is a provider whose packages a test sets.
type listProvider struct {
	source string
	pkgs   []opendata.Package
}

func (p *listProvider) Source() string { return p.source }
func (p *listProvider) Packages(context.Context) ([]opendata.Package, error) {
	return p.pkgs, nil
}

// statsPackage is an open package with groups and data resources, as the
// statistics provider will publish.
func statsPackage(name, title string, group string) opendata.Package {
	org := opendata.NewOrganization(opendata.StableID("organization", "DGA"), "dga", "สำนักงานพัฒนารัฐบาลดิจิทัล", "Digital Government Development Agency")
	p := opendata.Package{ID: opendata.StableID("package", "stats:"+name), Name: name, Title: title,
		Notes: "สถิติการแลกเปลี่ยนข้อมูลรายเดือน", OwnerOrg: org.ID, Organization: org,
		Groups: []opendata.Group{{ID: opendata.StableID("group", group), Name: group, Title: "สถิติ " + group, DisplayName: "สถิติ " + group}},
		Tags:   []opendata.Tag{opendata.NewTag("สถิติ"), opendata.NewTag("statistics")},
		Resources: []opendata.Resource{
			{ID: opendata.StableID("resource", name+".csv"), Name: title + " (CSV)", Format: "CSV", Mimetype: "text/csv", URL: siteURL + "/dataset/" + name + "/download.csv"},
			{ID: opendata.StableID("resource", name+".json"), Name: title + " (JSON)", Format: "JSON", Mimetype: "application/json", URL: siteURL + "/dataset/" + name + "/download.json"},
		},
		GDCatalog: opendata.GDCatalog{DataType: opendata.DataTypeStatistics, Objective: []string{"พันธกิจหน่วยงาน"},
			UpdateFrequencyUnit: opendata.FrequencyMonth, UpdateFrequencyInterval: "1", GeoCoverage: opendata.GeoCountry,
			DataSource: "gdx", DataFormat: []string{opendata.FormatCSV, opendata.FormatJSON}, DataCategory: opendata.CategoryPublic,
			DataLanguage: []string{"ไทย"}, AllowHarvest: "True"},
	}
	p.SetLicense(opendata.LicenseODC)
	return p
}

// fixture is a store with packages synced and a handler serving them.
type fixture struct {
	store   *sqlstore.Store
	clock   *clock
	stats   *listProvider
	handler *ckan.Handler
	srv     *httptest.Server
}

func newFixture(t *testing.T, engine string) *fixture {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	return fixtureOn(t, db)
}

func fixtureOn(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	if err := sqlstore.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	f := &fixture{clock: newClock(), stats: &listProvider{source: "stats", pkgs: []opendata.Package{
		statsPackage("gdx-monthly-requests", "ปริมาณการเรียกใช้ข้อมูลรายเดือน", "exchange"),
		statsPackage("gdx-denials", "การปฏิเสธคำขอข้อมูลจำแนกตามเหตุผล", "exchange"),
	}}}
	f.store = sqlstore.New(db, sqlstore.WithClock(f.clock.now))
	f.sync(t)
	f.handler, f.srv = serve(t, f.store, f.clock.now)
	return f
}

func (f *fixture) sync(t testing.TB) opendata.SyncResult {
	t.Helper()
	r, err := opendata.Sync(ctx, f.store, catalogProvider(), f.stats)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func serve(t testing.TB, store opendata.PackageReader, now func() time.Time) (*ckan.Handler, *httptest.Server) {
	t.Helper()
	return serveWith(t, store, now, 100*time.Millisecond)
}

// serveWith starts a test server for a handler polling at poll.
func serveWith(t testing.TB, store opendata.PackageReader, now func() time.Time, poll time.Duration) (*ckan.Handler, *httptest.Server) {
	t.Helper()
	h, err := ckan.New(ckan.Config{SiteURL: siteURL, SiteTitle: "gdx open data", SiteDescription: "ข้อมูลเปิดของ gdx",
		LocaleDefault: "th", PollInterval: poll}, ckan.Deps{Packages: store, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	e := httpapi.NewEngine(slog.New(slog.DiscardHandler), 1<<20)
	h.Register(e)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return h, srv
}

// response is one Action API answer.
type response struct {
	Status int
	Type   string
	Body   []byte
}

func (f *fixture) get(t testing.TB, action string, q url.Values) response {
	t.Helper()
	return do(t, http.MethodGet, f.srv.URL+"/api/3/action/"+action+"?"+q.Encode(), "", nil)
}

func do(t testing.TB, method, u, ctype string, body io.Reader) response {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: res.StatusCode, Type: res.Header.Get("Content-Type"), Body: b}
}

// envelope decodes a successful answer's result into v.
func envelope(t testing.TB, r response, v any) {
	t.Helper()
	var env struct {
		Success bool            `json:"success"`
		Result  json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(r.Body, &env); err != nil || r.Status != http.StatusOK || !env.Success {
		t.Fatalf("answer %d %s: %v", r.Status, truncate(r.Body), err)
	}
	if err := json.Unmarshal(env.Result, v); err != nil {
		t.Fatalf("result %s: %v", truncate(env.Result), err)
	}
}

func truncate(b []byte) string {
	s := string(b)
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}

func values(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func names(n int, prefix string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%04d", prefix, i)
	}
	return out
}
