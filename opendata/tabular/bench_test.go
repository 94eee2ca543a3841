package tabular_test

import (
	"context"
	"io"
	"testing"

	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// BenchmarkWrite measures rows per second per format on a generated
// resource of 100,000 rows, written to io.Discard:
//
//	go test -run '^$' -bench Write -benchmem ./opendata/tabular/
func BenchmarkWrite(b *testing.B) {
	const n = 100_000
	for _, f := range tabular.Formats {
		b.Run(string(f), func(b *testing.B) {
			var bytes int64
			for b.Loop() {
				st, err := tabular.Write(context.Background(), io.Discard, f, sample{n: n}, nil)
				if err != nil {
					b.Fatal(err)
				}
				bytes = st.Bytes
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(bytes)/n, "B/row")
		})
	}
}
