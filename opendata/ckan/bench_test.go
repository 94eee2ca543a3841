package ckan_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/ckan"
)

// memReader serves fixed packages, for benchmarks that measure the API
// rather than the database.
type memReader struct{ pkgs []opendata.Package }

func (m memReader) Marker(context.Context) (opendata.Marker, error) {
	return opendata.Marker{Count: int64(len(m.pkgs))}, nil
}
func (m memReader) ListPackages(context.Context) ([]opendata.Package, error) { return m.pkgs, nil }

// BenchmarkPackageSearch answers package_search over 10,000 datasets
// through the gin handler (no network): a Thai word, a facet request and
// a harvester's page. It reports p50 and p99 of the requests it timed:
//
//	go test ./opendata/ckan -run '^$' -bench PackageSearch -benchtime 300x -count 3
func BenchmarkPackageSearch(b *testing.B) {
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	pkgs := make([]opendata.Package, 10_000)
	for i := range pkgs {
		p := statsPackage(fmt.Sprintf("stat-%05d", i), fmt.Sprintf("ใบอนุญาตร้านอาหาร จังหวัดที่ %d", i%77), fmt.Sprintf("g%d", i%20))
		p.Stamp(opendata.At(t0.Add(time.Duration(i)*time.Second)), opendata.At(t0.Add(time.Duration(i)*time.Second)), opendata.StateActive)
		pkgs[i] = p
	}
	h, err := ckan.New(ckan.Config{SiteURL: siteURL}, ckan.Deps{Packages: memReader{pkgs}})
	if err != nil {
		b.Fatal(err)
	}
	e := httpapi.NewEngine(slog.New(slog.DiscardHandler), 1<<20)
	h.Register(e)
	if err := h.Refresh(context.Background()); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"q=%E0%B8%A3%E0%B9%89%E0%B8%B2%E0%B8%99%E0%B8%AD%E0%B8%B2%E0%B8%AB%E0%B8%B2%E0%B8%A3",
		`facet.field=["groups","tags","res_format"]&rows=0`, "rows=100&start=5000&sort=id%20asc"} {
		b.Run(q, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				w := httptest.NewRecorder()
				e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/3/action/package_search?"+q, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2])/1e6, "p50-ms")
			b.ReportMetric(float64(took[len(took)*99/100])/1e6, "p99-ms")
		})
	}
}
