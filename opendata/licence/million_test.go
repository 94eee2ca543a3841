package licence_test

import (
	"encoding/csv"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
)

// TestImportMillionRowsInBoundedMemory imports a generated CSV file of a
// million rows (one bad row in ten thousand) into each engine and samples
// the heap while it runs. It runs only with GDX_LICENCE_MILLION=1: it takes a
// minute or more.
func TestImportMillionRowsInBoundedMemory(t *testing.T) {
	if os.Getenv("GDX_LICENCE_MILLION") == "" || testing.Short() {
		t.Skip("set GDX_LICENCE_MILLION=1 to import a million rows")
	}
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		const mb = 1 << 20
		small := importMeasured(t, engine, 100_000)
		big := importMeasured(t, engine, 1_000_000)
		t.Logf("%s: peak heap in use over the base: %d MB for 100,000 rows, %d MB for 1,000,000 rows", engine, small/mb, big/mb)
		if big > 100*mb {
			t.Errorf("a million rows took %d MB of heap at the peak: memory is not bounded", big/mb)
		}
	})
}

// importMeasured imports a generated file of n rows (one bad row in ten
// thousand) into a fresh SQLite store, sampling the heap as it runs, and
// returns the peak of HeapInuse over what it was before.
func importMeasured(t *testing.T, engine string, n int) uint64 {
	s := openStore(t, engine)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { samplePeak(&peak, stop) })
	start, c0 := time.Now(), cpuTime()
	rep, err := licence.Import(ctx, s, "DLA", millionCSV(t, n), licence.FormatCSV, nil)
	close(stop)
	wg.Wait()
	must(t, err)
	t.Logf("%s in %v (CPU %v); heap in use %d MB before, peak %d MB",
		rep.Summary(), time.Since(start), cpuTime()-c0, base.HeapInuse>>20, peak.Load()>>20)
	if rep.Inserted != n-n/10_000 || rep.Rejected != n/10_000 {
		t.Errorf("report %s, want %d inserted and %d rejected", rep.Summary(), n-n/10_000, n/10_000)
	}
	return peak.Load() - min(peak.Load(), base.HeapInuse)
}

// samplePeak records the highest HeapInuse until stop closes.
func samplePeak(peak *atomic.Uint64, stop <-chan struct{}) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}

// millionCSV streams a CSV file of n licences, every ten-thousandth with
// a date that is not a date, without ever holding it in memory.
func millionCSV(t testing.TB, n int) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w := csv.NewWriter(pw)
		err := w.Write(licence.Columns())
		for i := 0; i < n && err == nil; i++ {
			l := licencetest.Juristic("DLA", i)
			if i%3 == 0 {
				l = licencetest.Natural("DLA", i)
			}
			rec := licence.ImportRecord(l)
			if i%10_000 == 9_999 {
				rec = edit(l, licence.ColIssuedOn, "2024-02-30")
			}
			err = w.Write(rec)
		}
		w.Flush()
		if err == nil {
			err = w.Error()
		}
		pw.CloseWithError(err)
	}()
	return pr
}
