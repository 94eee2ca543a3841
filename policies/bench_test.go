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
// The cached cases repeat one input, so every decision after the first
// comes from the decision cache; the uncached cases move the input's time
// on by one cache resolution (a second) per decision, so that every one
// misses the cache and evaluates the Rego.
func BenchmarkDecide(b *testing.B) {
	e := NewEngine()
	e.Activate(mustDemoPolicy(b))
	ctx := context.Background()
	for _, c := range benchCases(b) {
		b.Run(c.name, func(b *testing.B) {
			timeDecisions(b, func() error { _, err := e.Decide(ctx, c.in); return err })
		})
	}
	eu := NewEngine() // NOTE: its own cache, which the cached cases never see
	eu.Activate(mustCompile(b, "v-uncached", DemoSet()))
	for _, c := range benchCases(b) {
		b.Run("uncached/"+c.name, func(b *testing.B) {
			timeDecisions(b, uncached(ctx, eu, c.in))
		})
	}
}

type benchCase struct {
	name string
	in   Input
}

func benchCases(b *testing.B) []benchCase {
	return []benchCase{
		{"confidential+owner", lookup(b, demo.DLA, "licensing", demo.PersonDataset, "citizen_id", "first_name_th", "last_name_th", "religion", "address")},
		// every field, as a lookup without ?fields= asks (the load benchmark's)
		{"confidential-all+owner", lookup(b, demo.DLA, "licensing", demo.PersonDataset, demoDataset(b, demo.PersonDataset).FieldNames()...)},
		{"internal", lookup(b, demo.RD, "tax_assessment", demo.CompanyDataset, "juristic_id", "name_th", "capital")},
		{"denied", lookup(b, demo.NOGRANT, "licensing", demo.PersonDataset, "citizen_id")},
	}
}

// uncached returns a decision of in through e whose input's time moves on
// by cacheResolution on every call, so that no call is served from the
// decision cache. The demo grants stay valid for months of such seconds.
func uncached(ctx context.Context, e *Engine, in Input) func() error {
	return func() error {
		in.Time = in.Time.Add(cacheResolution)
		_, err := e.Decide(ctx, in)
		return err
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
