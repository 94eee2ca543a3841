package tabular_test

import (
	"context"
	"io"
	"testing"

	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// BenchmarkWrite measures rows per second per format on a generated
// resource of 100,000 rows, written to io.Discard, given as []any rows
// and as records:
//
//	go test -run '^$' -bench Write -benchmem ./opendata/tabular/
func BenchmarkWrite(b *testing.B) {
	const n = 100_000
	sources := []struct {
		name string
		src  tabular.Source
	}{{"rows", sample{n: n}}, {"records", recordSample{n: n}}}
	for _, f := range tabular.Formats {
		for _, s := range sources {
			b.Run(string(f)+"/"+s.name, func(b *testing.B) { benchWrite(b, f, s.src, n) })
		}
	}
}

// benchWrite writes n rows of src in format f per iteration.
func benchWrite(b *testing.B, f tabular.Format, src tabular.Source, n int) {
	var bytes int64
	for b.Loop() {
		st, err := tabular.Write(context.Background(), io.Discard, f, src, nil)
		if err != nil {
			b.Fatal(err)
		}
		bytes = st.Bytes
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(bytes)/float64(n), "B/row")
}
