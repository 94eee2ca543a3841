package portal_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/portal"
	"github.com/gdx-exchange/gdx/opendata/sqlstore"
	"github.com/gdx-exchange/gdx/opendata/stats"
)

const siteURL = "http://data.gdx.test"

var (
	ctx   = context.Background()
	today = time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
)

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

func (p *listProvider) Source() string                                       { return p.source }
func (p *listProvider) Packages(context.Context) ([]opendata.Package, error) { return p.pkgs, nil }

// hostile is a title a publisher could set, to prove pages escape it.
const hostile = `<script>alert("x")</script> ร้านอาหาร`

// licencePackages are n open licence packages of DLA, each with a CSV
// and a JSON resource, the first held by the DataStore; the first one has
// a hostile title.
func licencePackages(n int) []opendata.Package {
	org := opendata.NewOrganization(opendata.StableID("organization", "DLA"), "dla", "กรมส่งเสริมการปกครองท้องถิ่น", "Department of Local Administration")
	var out []opendata.Package
	for i := range n {
		name := fmt.Sprintf("licences-%02d", i)
		title := fmt.Sprintf("ใบอนุญาตจัดตั้งร้านอาหาร จังหวัดที่ %02d", i)
		if i == 0 {
			title = hostile
		}
		p := opendata.Package{ID: opendata.StableID("package", "lic:"+name), Name: name, Title: title,
			Notes: "ฐานข้อมูลใบอนุญาตสาธารณะ\nPublic licence database", OwnerOrg: org.ID, Organization: org,
			Tags: []opendata.Tag{opendata.NewTag("ใบอนุญาต"), opendata.NewTag(fmt.Sprintf("group-%d", i%2))},
			Resources: []opendata.Resource{
				{ID: "res-csv-" + name, Name: "licences (CSV)", Format: "CSV", URL: siteURL + "/download/" + name + ".csv", DatastoreActive: true},
				{ID: "res-json-" + name, Name: "licences (JSON)", Format: "JSON", URL: siteURL + "/download/" + name + ".json"},
			},
			GDCatalog: opendata.GDCatalog{DataType: opendata.DataTypeStatistics, DataCategory: opendata.CategoryPublic,
				UpdateFrequencyUnit: opendata.FrequencyMonth, DataFormat: []string{opendata.FormatCSV}},
			Classification: string(catalog.Public),
		}
		p.SetLicense(opendata.LicenseODC)
		out = append(out, p)
	}
	return out
}

// previews is the DataStore's preview, from memory.
type previews map[string][][]string

func (p previews) Preview(_ context.Context, id string, n int) ([]string, [][]string, error) {
	rows, ok := p[id]
	if !ok {
		return nil, nil, catalog.Errorf(catalog.KindNotFound, "no table %s", id)
	}
	return []string{"licence_number", "business_name"}, rows[:min(n, len(rows))], nil
}

// memStats is a stats.Reader over fixed rows.
type memStats struct{}

func (memStats) EachVolume(_ context.Context, fn func(stats.VolumeKey, stats.Volume) error) error {
	for _, r := range []struct {
		m, outcome string
		n          int64
	}{{"2026-10", "allow", 1200}, {"2026-10", "deny", 30}, {"2026-11", "allow", 1500}, {"2026-11", "deny", 45}, {"2026-11", "error", 2}} {
		if err := fn(stats.VolumeKey{Month: r.m, Consumer: "DLA", Owner: "DOPA", Dataset: "population", Outcome: r.outcome}, stats.Volume{Requests: r.n, Records: r.n}); err != nil {
			return err
		}
	}
	return nil
}

func (memStats) EachReason(_ context.Context, fn func(stats.ReasonKey, int64) error) error {
	_ = fn(stats.ReasonKey{Month: "2026-10", Outcome: "deny", Reason: "no_grant"}, 20)
	_ = fn(stats.ReasonKey{Month: "2026-11", Outcome: "deny", Reason: "no_grant"}, 25)
	return fn(stats.ReasonKey{Month: "2026-11", Outcome: "deny", Reason: "<b>purpose_not_in_grant</b>"}, 7)
}

func (memStats) EachLatency(_ context.Context, fn func(stats.LatencyKey, []int64) error) error {
	_ = fn(stats.LatencyKey{Month: "2026-10", Dataset: "population"}, []int64{0, 5, 10, 2})
	return fn(stats.LatencyKey{Month: "2026-11", Dataset: "population"}, []int64{1, 8, 3})
}

// memLicences holds licences by issuer/number.
type memLicences map[string]portal.Licence

func (m memLicences) FindLicences(_ context.Context, q string, limit int) ([]portal.Licence, error) {
	if strings.ContainsAny(q, "%_") {
		return nil, catalog.Errorf(catalog.KindInvalid, "the search text may not hold %% or _")
	}
	var out []portal.Licence
	for _, l := range m {
		if l.Number == strings.ToUpper(q) || strings.Contains(l.BusinessName, q) {
			out = append(out, l)
		}
	}
	return out[:min(limit, len(out))], nil
}

func (m memLicences) Licence(_ context.Context, issuer, number string) (portal.Licence, error) {
	l, ok := m[issuer+"/"+number]
	if !ok {
		return portal.Licence{}, catalog.Errorf(catalog.KindNotFound, "licence %s of %s does not exist", number, issuer)
	}
	return l, nil
}

func demoLicences() memLicences {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	return memLicences{
		"DLA/12/2567": {Issuer: "DLA", IssuerNameTH: "กรมส่งเสริมการปกครองท้องถิ่น", IssuerNameEN: "Department of Local Administration",
			Number: "12/2567", Type: "food_shop", TypeTH: "ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร", TypeEN: "Food shop licence",
			BusinessName: "บริษัท ครัวเชียงใหม่ จำกัด", JuristicID: "0505561000017", Province: "เชียงใหม่", District: "เมืองเชียงใหม่",
			IssuedOn: day(2024, 1, 15), ExpiresOn: day(2027, 1, 14), Status: "active", StatusNow: "active", CheckedOn: day(2026, 12, 1)},
		"DLA/99/2560": {Issuer: "DLA", Number: "99/2560", TypeTH: "ใบอนุญาตก่อสร้างอาคาร", LicenseeWithheld: true, Province: "พะเยา",
			IssuedOn: day(2017, 3, 1), ExpiresOn: day(2020, 2, 28), Status: "active", StatusNow: "expired", CheckedOn: day(2026, 12, 1)},
	}
}

// fixture is a real open-data store (SQLite) synced with the demo
// catalog and n licence packages, and a portal serving it.
type fixture struct {
	srv   *httptest.Server
	store *sqlstore.Store
}

func newFixture(t *testing.T, n int) *fixture {
	t.Helper()
	db := sqldbtest.Open(t, sqldb.SQLite)
	if err := sqlstore.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	store := sqlstore.New(db)
	cat := opendata.CatalogProvider(memCatalog{}, opendata.CatalogConfig{WebURL: siteURL, APIURL: "https://api.gdx.test"})
	if _, err := opendata.Sync(ctx, store, cat, &listProvider{"licences", licencePackages(n)}); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	s, err := portal.New(portal.Config{SiteURL: siteURL, APIURL: "https://api.gdx.test", OpenAPIURL: "/openapi.json"},
		portal.Deps{Packages: store, Log: log, Now: func() time.Time { return today },
			Previews: previews{"res-csv-licences-01": {{"1/2567", "ร้าน <b>หนึ่ง</b>"}, {"2/2567", "ร้านสอง"}}},
			Stats:    memStats{}, Licences: demoLicences()})
	if err != nil {
		t.Fatal(err)
	}
	e := httpapi.NewEngine(log, 1<<20)
	s.Register(e)
	e.NoRoute(s.NotFoundHandlers()...)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, store: store}
}

// page is one answer.
type page struct {
	Status  int
	Header  http.Header
	Body    string
	Cookies []*http.Cookie
}

func (f *fixture) get(t testing.TB, path string, cookies ...*http.Cookie) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f.do(t, req, cookies)
}

func (f *fixture) post(t testing.TB, path string, form url.Values, cookies ...*http.Cookie) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.do(t, req, cookies)
}

func (f *fixture) do(t testing.TB, req *http.Request, cookies []*http.Cookie) page {
	t.Helper()
	for _, c := range cookies {
		req.AddCookie(c)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{Status: res.StatusCode, Header: res.Header, Body: string(b), Cookies: res.Cookies()}
}

func cookie(p page, name string) *http.Cookie {
	for _, c := range p.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

var svgs = regexp.MustCompile(`(?s)<svg .*?</svg>`)

// checkSVG parses svg as XML and requires a <title>.
func checkSVG(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	title := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG not well-formed: %v\n%.400s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "title" {
			title = true
		}
	}
	if !title {
		t.Errorf("SVG without <title>: %.300s", svg)
	}
}
