package policies

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog/demo"
)

// BenchmarkDecide measures one decision of the demo set through the
// engine, as the gateway makes it, and reports its latency percentiles.
func BenchmarkDecide(b *testing.B) {
	cases := []struct {
		name string
		in   Input
	}{
		{"confidential+owner", lookup(b, demo.DLA, "licensing", demo.PersonDataset, "citizen_id", "first_name_th", "last_name_th", "religion", "address")},
		{"internal", lookup(b, demo.RD, "tax_assessment", demo.CompanyDataset, "juristic_id", "name_th", "capital")},
		{"denied", lookup(b, demo.NOGRANT, "licensing", demo.PersonDataset, "citizen_id")},
	}
	e := NewEngine()
	e.Activate(mustDemoPolicy(b))
	ctx := context.Background()
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			for b.Loop() {
				t0 := time.Now()
				if _, err := e.Decide(ctx, c.in); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			reportPercentiles(b, lat)
		})
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Nanoseconds()) / 1e3 }
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}
