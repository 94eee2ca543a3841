package audittest

import (
	"testing"

	"github.com/gdx-exchange/gdx/audit"
)

// BenchParallelism is how many appending goroutines BenchAppend runs per
// GOMAXPROCS, standing for concurrent requests.
const BenchParallelism = 32

// BenchAppend measures Append throughput on fresh stores from open, with
// group commit (the Writer's defaults) and with one transaction per event
// (BatchMax 1), from BenchParallelism×GOMAXPROCS goroutines. It reports
// events/s and events/tx.
func BenchAppend(b *testing.B, open func(b *testing.B) audit.Appender) {
	modes := []struct {
		name string
		cfg  audit.Config
	}{
		{"group_commit", audit.Config{}},
		{"tx_per_event", audit.Config{BatchMax: 1}},
	}
	for _, m := range modes {
		b.Run(m.name, func(b *testing.B) {
			w := newWriter(b, open(b), "bench", m.cfg)
			b.SetParallelism(BenchParallelism)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					if _, err := w.Append(ctx, lookup(i)); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			st := w.Stats()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(st.Committed)/float64(max(st.Batches, 1)), "events/tx")
		})
	}
}
