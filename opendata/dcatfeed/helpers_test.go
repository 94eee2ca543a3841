package dcatfeed_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/internal/foreigntest"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/dcatfeed"
	"github.com/gdx-exchange/gdx/opendata/sqlstore"
)

const siteURL = "http://data.gdx.test"

var ctx = context.Background()

// clock is a test clock that moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// memCatalog serves the demo catalog from memory.
type memCatalog struct{}

func (memCatalog) ListAgencies(context.Context) ([]catalog.Agency, error) {
	return demo.Agencies(), nil
}
func (memCatalog) ListDatasets(context.Context, catalog.DatasetFilter) ([]catalog.Dataset, error) {
	return demo.Datasets(), nil
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

// openPackage is a public licence database with a file in every format
// the exchange serves.
func openPackage() opendata.Package {
	org := opendata.NewOrganization(opendata.StableID("organization", "DLA"), "dla", "กรมส่งเสริมการปกครองท้องถิ่น",
		"Department of Local Administration\nMinistry of Interior")
	size := int64(1_234_567)
	p := opendata.Package{ID: opendata.StableID("package", "open:dla-licences"), Name: "dla-open-licences",
		Title: "ฐานข้อมูลใบอนุญาต กรมส่งเสริมการปกครองท้องถิ่น", Notes: "ใบอนุญาตที่ผู้รับใบอนุญาตต้องแสดง \"ณ สถานประกอบการ\"",
		Maintainer: "DLA open data", MaintainerEmail: "opendata@dla.go.th", OwnerOrg: org.ID, Organization: org,
		Tags:   []opendata.Tag{opendata.NewTag("ใบอนุญาต"), opendata.NewTag("licence")},
		Extras: []opendata.Extra{{Key: "title_en", Value: "DLA licence database"}, {Key: "temporal_start", Value: "2020-01-01"}},
		GDCatalog: opendata.GDCatalog{DataType: opendata.DataTypeRecord, Objective: []string{"กฎหมายที่เกี่ยวข้อง"},
			UpdateFrequencyUnit: opendata.FrequencyDay, UpdateFrequencyInterval: "1", GeoCoverage: opendata.GeoProvince,
			DataSource: "กรมส่งเสริมการปกครองท้องถิ่น", DataFormat: []string{opendata.FormatCSV, opendata.FormatJSON},
			DataCategory: opendata.CategoryPublic, DataLanguage: []string{"ไทย", "อังกฤษ"}, AllowHarvest: "True"},
	}
	for _, f := range []struct{ ext, format, mime string }{{"csv", "CSV", "text/csv"}, {"json", "JSON", "application/json"},
		{"parquet", "Parquet", "application/vnd.apache.parquet"}, {"arrow", "Arrow", "application/vnd.apache.arrow.file"}} {
		p.Resources = append(p.Resources, opendata.Resource{ID: opendata.StableID("resource", "dla-open-licences."+f.ext),
			Name: "ใบอนุญาต (" + f.format + ")", Format: f.format, Mimetype: f.mime, Size: &size,
			URL: siteURL + "/download/dla-open-licences/licences." + f.ext})
	}
	p.SetLicense(opendata.LicenseCCBY)
	return p
}

// bulkPackage is one more small open package, to make the catalog span
// pages.
func bulkPackage(i int) opendata.Package {
	p := opendata.Package{ID: opendata.StableID("package", fmt.Sprintf("bulk:%d", i)), Name: fmt.Sprintf("stats-%03d", i),
		Title: fmt.Sprintf("Exchange statistics %d", i), Notes: "Monthly request volumes.",
		Resources: []opendata.Resource{{ID: opendata.StableID("resource", fmt.Sprintf("bulk:%d", i)), Name: "CSV",
			Format: "CSV", Mimetype: "text/csv", URL: fmt.Sprintf("%s/download/stats-%03d/volumes.csv", siteURL, i)}},
		GDCatalog: opendata.GDCatalog{UpdateFrequencyUnit: opendata.FrequencyMonth, DataCategory: opendata.CategoryPublic,
			GeoCoverage: opendata.GeoCountry, DataLanguage: []string{"อังกฤษ"}, AllowHarvest: "True"},
	}
	p.SetLicense(opendata.LicenseODC)
	return p
}

// fixture is a store filled through opendata.Sync and a feed serving it.
type fixture struct {
	store *sqlstore.Store
	clock *clock
	open  *listProvider
	feed  *dcatfeed.Handler
	srv   *httptest.Server
}

// newFixture syncs the demo catalog, the open package and bulk more
// packages on engine, and serves them with the given page size.
func newFixture(t *testing.T, engine string, bulk, pageSize int) *fixture {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if err := sqlstore.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	f := &fixture{clock: &clock{t: time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)}, open: &listProvider{source: "open"}}
	f.open.pkgs = []opendata.Package{openPackage()}
	for i := range bulk {
		f.open.pkgs = append(f.open.pkgs, bulkPackage(i))
	}
	f.store = sqlstore.New(db, sqlstore.WithClock(f.clock.now))
	f.sync(t)
	feed, err := dcatfeed.New(dcatfeed.Config{SiteURL: siteURL + "/", PageSize: pageSize}, dcatfeed.Deps{Packages: f.store})
	if err != nil {
		t.Fatal(err)
	}
	f.feed, f.srv = feed, serveFeed(t, feed)
	return f
}

// serveFeed starts a test server for the feed.
func serveFeed(t testing.TB, feed *dcatfeed.Handler) *httptest.Server {
	t.Helper()
	e := httpapi.NewEngine(slog.New(slog.DiscardHandler), 1<<20)
	feed.Register(e)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

// sync runs opendata.Sync with the catalog provider and the open
// packages, then refreshes the feed.
func (f *fixture) sync(t testing.TB) {
	t.Helper()
	f.clock.advance(time.Minute)
	catalogProvider := opendata.CatalogProvider(memCatalog{}, opendata.CatalogConfig{WebURL: siteURL,
		APIURL: "https://api.gdx.test", ContactEmail: "opendata@gdx.test"})
	if _, err := opendata.Sync(ctx, f.store, catalogProvider, f.open); err != nil {
		t.Fatal(err)
	}
	if f.feed != nil {
		if err := f.feed.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// response is one answer of the feed.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (f *fixture) get(t testing.TB, path string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: body}
}

// mustGet is get that fails t unless the answer is 200.
func (f *fixture) mustGet(t testing.TB, path string, header ...string) response {
	t.Helper()
	r := f.get(t, path, header...)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	return r
}

// validate runs the DCAT-AP 3 SHACL shapes over body (in the syntax of
// ext) and fails t on any violation.
func validate(t *testing.T, ext string, body []byte, minTriples int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc."+ext)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	rep := foreigntest.ValidateSHACL(t, foreigntest.DCATAPShapes(), path)
	for _, v := range rep.Violations() {
		t.Errorf("SHACL violation: %s %s: %s (%s)", v.Focus, v.Path, v.Message, v.Shape)
	}
	if rep.Triples < minTriples {
		t.Errorf("the validator read %d triples, want at least %d: the %s was not understood", rep.Triples, minTriples, ext)
	}
}
