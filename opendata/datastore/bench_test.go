package datastore_test

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/datastore"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

// benchRows is the size of the benchmark's one licence database.
const benchRows = 1_000_000

// BenchmarkSearchFilter1M measures datastore_search with a filter (and
// its total) on one issuer's 1,000,000 licences, through the handler, on
// both engines. It loads the rows first (the demo generator's licences,
// all under issuer BENCH), so it runs only with GDX_BENCH_DATASTORE=1:
//
//	GDX_BENCH_DATASTORE=1 go test ./opendata/datastore -run '^$' -bench SearchFilter1M -benchtime 200x
func BenchmarkSearchFilter1M(b *testing.B) {
	if os.Getenv("GDX_BENCH_DATASTORE") != "1" {
		b.Skip("set GDX_BENCH_DATASTORE=1 to load 1,000,000 licences and measure")
	}
	for _, engine := range sqldbtest.Engines {
		b.Run(engine, func(b *testing.B) {
			f := newFixture(b, engine)
			loadBench(b, f)
			queries := []struct{ name, filters, extra string }{
				{"province", `{"province":"เชียงใหม่"}`, ""}, // about 3 % of the rows
				{"type", `{"licence_type":"pharmacy"}`, ""},  // 15 %
				{"type_status", `{"licence_type":"pharmacy","status":"active"}`, ""},
				{"type_status_no_total", `{"licence_type":"pharmacy","status":"active"}`, "&include_total=false"},
				{"province_q_thai", `{"province":"เชียงใหม่"}`, "&q=" + url.QueryEscape("ก่อสร้าง")}, // q scans the filtered rows
			}
			for _, q := range queries {
				b.Run(q.name, func(b *testing.B) {
					target := "/api/3/action/datastore_search?resource_id=" + benchID() + "&filters=" + url.QueryEscape(q.filters) + q.extra
					var took []time.Duration
					for b.Loop() {
						start := time.Now()
						if status, body := f.do(b, "GET", target, "", ""); status != 200 {
							b.Fatalf("%d %s", status, body)
						}
						took = append(took, time.Since(start))
					}
					slices.Sort(took)
					b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
					b.ReportMetric(ms(took[len(took)*99/100]), "p99-ms")
				})
			}
		})
	}
}

func benchID() string {
	return datastore.ResourceID(licencePackage("BENCH"), datastore.LicenceTableName)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// loadBench writes benchRows licences under issuer BENCH and refreshes
// the planner's statistics, as autovacuum would after a bulk load.
func loadBench(b *testing.B, f *fixture) {
	b.Helper()
	start := time.Now()
	batch := make([]licence.Licence, 0, 5000)
	i := 0
	flush := func() {
		f.upsert(b, "BENCH", batch)
		batch = batch[:0]
	}
	for l := range licence.DemoLicences(licence.DemoConfig{Count: benchRows}) {
		i++
		l.Issuer, l.Number = "BENCH", fmt.Sprintf("B-%07d", i)
		batch = append(batch, l)
		if len(batch) == cap(batch) {
			flush()
		}
	}
	if len(batch) > 0 {
		flush()
	}
	analyse := "ANALYZE"
	if f.db.Engine() == sqldb.Postgres {
		analyse = "VACUUM ANALYZE licences"
	}
	if _, err := f.db.Exec(ctx, analyse); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: loaded %d licences in %s", f.db.Engine(), i, time.Since(start).Round(time.Second))
}
