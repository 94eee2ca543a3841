package datastore_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/datastore"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
	licencesql "github.com/gdx-exchange/gdx/opendata/licence/sqlstore"
	"github.com/gdx-exchange/gdx/opendata/stats"
	statssql "github.com/gdx-exchange/gdx/opendata/stats/sqlstore"
)

var ctx = context.Background()

const siteURL = "http://data.example.go.th"

// The fixture's resources.
var (
	dlaID     = datastore.ResourceID(licencePackage("DLA"), datastore.LicenceTableName)
	bmaID     = datastore.ResourceID(licencePackage("BMA"), datastore.LicenceTableName)
	volumeID  = datastore.ResourceID("gdx-statistics", "volumes")
	reasonID  = datastore.ResourceID("gdx-statistics", "reasons")
	latencyID = datastore.ResourceID("gdx-statistics", "latencies")
)

func licencePackage(issuer string) string { return strings.ToLower(issuer) + "-licences" }

// fixture is a migrated database of one engine with licences and
// statistics, served by the DataStore handler.
type fixture struct {
	db     *sqldb.DB
	store  *licencesql.Store
	router *gin.Engine
}

func newFixture(t testing.TB, engine string) *fixture {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	for _, m := range []func(context.Context, *sqldb.DB) error{licencesql.Migrate, statssql.Schema.Migrate} {
		if err := m(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{db: db, store: licencesql.New(db)}
	f.router = newRouter(t, db)
	return f
}

func newRouter(t testing.TB, db *sqldb.DB) *gin.Engine {
	t.Helper()
	stat := &datastore.Tables{}
	stat.Add("gdx-statistics", "volumes", datastore.VolumeTable())
	stat.Add("gdx-statistics", "reasons", datastore.ReasonTable())
	stat.Add("gdx-statistics", "latencies", datastore.LatencyTable())
	issuers := func(context.Context) ([]string, error) { return []string{"BMA", "DLA", "BENCH"}, nil }
	h, err := datastore.New(datastore.Config{SiteURL: siteURL}, datastore.Deps{
		DB: db, Tables: datastore.Chain(stat, datastore.Licences(issuers, licencePackage)),
	})
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	h.Register(r)
	return r
}

// provinces, types and statuses the fixture's licences cycle through.
var (
	provinces = []string{"เชียงใหม่", "กรุงเทพมหานคร", "ขอนแก่น"}
	types     = []licence.Type{licence.TypeFoodShop, licence.TypeHotel, licence.TypePharmacy, licence.TypeFactory}
	statuses  = []licence.Status{licence.StatusActive, licence.StatusActive, licence.StatusSuspended, licence.StatusRevoked}
)

// seed writes 24 DLA licences (every fourth a natural person's, every
// fifth without coordinates or expiry), 3 BMA ones and the statistics.
func (f *fixture) seed(t testing.TB) {
	t.Helper()
	var dla []licence.Licence
	for i := 1; i <= 24; i++ {
		l := licencetest.Juristic("DLA", i)
		if i%4 == 0 {
			l = licencetest.Natural("DLA", i)
		}
		if i == 7 {
			l.Licensee.BusinessName = "Chiang Mai Riverside Hotel Co., Ltd."
		}
		l.Location.Province = provinces[i%len(provinces)]
		l.Location.District = fmt.Sprintf("เมือง%s", l.Location.Province)
		l.Type, l.Status = types[i%len(types)], statuses[i%len(statuses)]
		if i%5 == 0 {
			l.Location.Lat, l.Location.Lon, l.ExpiresOn = nil, nil, licence.Date{}
		}
		dla = append(dla, l)
	}
	f.upsert(t, "DLA", dla)
	f.upsert(t, "BMA", []licence.Licence{licencetest.Juristic("BMA", 101), licencetest.Juristic("BMA", 102), licencetest.Natural("BMA", 103)})
	f.seedStats(t)
}

func (f *fixture) upsert(t testing.TB, issuer string, ls []licence.Licence) {
	t.Helper()
	if _, err := f.store.Upsert(ctx, issuer, ls); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) seedStats(t testing.TB) {
	t.Helper()
	d := &stats.Delta{
		Volumes: map[stats.VolumeKey]stats.Volume{
			{Month: "2026-10", Consumer: "DLA", Owner: "DOPA", Dataset: "dopa.person", Outcome: "allow"}: {Requests: 120, Records: 130},
			{Month: "2026-10", Consumer: "RD", Owner: "DBD", Dataset: "dbd.company", Outcome: "deny"}:    {Requests: 4, Records: 4},
			{Month: "2026-11", Consumer: "DLA", Owner: "DOPA", Dataset: "dopa.person", Outcome: "allow"}: {Requests: 80, Records: 80},
		},
		Reasons: map[stats.ReasonKey]int64{
			{Month: "2026-10", Outcome: "deny", Reason: "no_grant"}:        4,
			{Month: "2026-11", Outcome: "unauthenticated", Reason: "mtls"}: 2,
		},
		Latencies: map[stats.LatencyKey][]int64{
			{Month: "2026-10", Dataset: "dopa.person"}: histogram(map[int]int64{10: 50, 12: 40, 20: 10}),
			{Month: "2026-11", Dataset: "dopa.person"}: histogram(map[int]int64{8: 80}),
		},
	}
	if err := statssql.New(f.db).Apply(ctx, "writer-1", 0, 10, d); err != nil {
		t.Fatal(err)
	}
}

func histogram(counts map[int]int64) []int64 {
	h := make([]int64, stats.Buckets)
	for b, n := range counts {
		h[b] = n
	}
	return h
}

// do sends a request to the handler and returns the status and body.
func (f *fixture) do(t testing.TB, method, target, ctype, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	w := httptest.NewRecorder()
	f.router.ServeHTTP(w, req)
	return w.Code, w.Body.String()
}
