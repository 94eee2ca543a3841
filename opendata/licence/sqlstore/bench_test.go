package sqlstore_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gdx-exchange/gdx/internal/pgtest"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
	"github.com/gdx-exchange/gdx/opendata/licence/sqlstore"
	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// copySQL is PostgreSQL's own export of the same rows in the same order:
// the columns licence.Table writes, with the licensee withheld for natural
// persons as the public view does. Only the Thai name of the licence type
// is missing: it is a Go table, not a database one.
const copySQL = `COPY (SELECT number, type, issuer, office, licensee_kind,
	CASE WHEN licensee_kind = 'juristic' THEN business_name ELSE '' END,
	CASE WHEN licensee_kind = 'juristic' THEN juristic_id ELSE '' END,
	licensee_kind <> 'juristic', province, district, subdistrict, lat, lon,
	issued_on, NULLIF(expires_on, ''), status
	FROM licences WHERE issuer = 'DLA' ORDER BY issuer, number) TO STDOUT (FORMAT csv, HEADER)`

// BenchmarkExportVsCopy exports DLA's licences (1,000,000 of the demo's by
// default; GDX_BENCH_ROWS changes it) from PostgreSQL through the real
// path (licence.Table over this store, written by tabular) and compares
// CSV with PostgreSQL's own COPY … TO STDOUT read by this process through
// pgx, both to io.Discard. Each round runs gdx CSV, COPY, gdx Parquet and
// gdx Arrow one after the other, so that the machine's noise falls on all
// of them; the reported figures are the medians over GDX_BENCH_ROUNDS
// rounds (5) of the rows per second and of this process's own CPU time
// per row (cpu-µs/row, from getrusage), which stays put on a busy machine
// where the wall clock does not (a collection runs before each way, so
// that no way pays for the garbage of the one before). GDX_BENCH_PROFILE=dir
// profiles each way over as many more rounds, into dir/<way>.pprof.
// Loading the rows takes a minute or more, so it runs only with
// GDX_BENCH_OPENDATA=1:
//
//	GDX_BENCH_OPENDATA=1 go test ./opendata/licence/sqlstore -run '^$' -bench ExportVsCopy -benchtime 1x -timeout 30m
func BenchmarkExportVsCopy(b *testing.B) {
	if os.Getenv("GDX_BENCH_OPENDATA") != "1" {
		b.Skip("set GDX_BENCH_OPENDATA=1 to load 1,000,000 licences and export them")
	}
	rows, rounds := envInt(b, "GDX_BENCH_ROWS", licencetest.MaxDemoDLA), envInt(b, "GDX_BENCH_ROUNDS", 5)
	ctx := context.Background()
	url := pgtest.New(b)
	db := sqldbtest.OpenURL(b, url)
	if err := sqlstore.Migrate(ctx, db); err != nil {
		b.Fatal(err)
	}
	s := sqlstore.New(db)
	start := time.Now()
	if err := licencetest.DemoDLA(ctx, s, 0, rows); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d licences in %v", rows, time.Since(start).Round(time.Second))
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "VACUUM ANALYZE licences"); err != nil {
		b.Fatal(err)
	}
	table := licence.Table{Store: s, Issuer: licence.DemoDLA}
	ways := []struct {
		name string
		run  func() (int64, error)
	}{
		{"gdx-csv", func() (int64, error) { return export(ctx, table, tabular.CSV) }},
		{"copy-csv", func() (int64, error) { return copyCSV(ctx, conn) }},
		{"gdx-parquet", func() (int64, error) { return export(ctx, table, tabular.Parquet) }},
		{"gdx-arrow", func() (int64, error) { return export(ctx, table, tabular.Arrow) }},
	}
	took := make([][]time.Duration, len(ways))
	cpu := make([][]time.Duration, len(ways))
	bytes := make([]int64, len(ways))
	for b.Loop() {
		for r := range rounds {
			for i, w := range ways {
				runtime.GC() // the garbage of the way before is not this way's
				t0, c0 := time.Now(), cpuTime()
				n, err := w.run()
				if err != nil {
					b.Fatalf("%s: %v", w.name, err)
				}
				wall, used := time.Since(t0), cpuTime()-c0
				took[i], cpu[i], bytes[i] = append(took[i], wall), append(cpu[i], used), n
				b.Logf("round %d %-11s %6.2f s %8.0f rows/s %5.2f cpu-µs/row %5.1f B/row", r+1, w.name, wall.Seconds(),
					float64(rows)/wall.Seconds(), perRow(used, rows), float64(n)/float64(rows))
			}
		}
	}
	if dir := os.Getenv("GDX_BENCH_PROFILE"); dir != "" {
		for _, w := range ways {
			profile(b, filepath.Join(dir, w.name+".pprof"), rounds, w.run)
		}
	}
	med := make([]float64, len(ways))
	for i, w := range ways {
		slices.Sort(took[i])
		slices.Sort(cpu[i])
		med[i] = float64(rows) / took[i][len(took[i])/2].Seconds()
		us := perRow(cpu[i][len(cpu[i])/2], rows)
		b.ReportMetric(med[i], w.name+"-rows/s")
		b.ReportMetric(us, w.name+"-cpu-µs/row")
		b.Logf("median %-11s %8.0f rows/s, %5.2f cpu-µs/row, %d bytes", w.name, med[i], us, bytes[i])
	}
	b.ReportMetric(med[0]/med[1], "csv-ratio")
}

// profile runs the way rounds more times with the CPU profiler on, into
// path.
func profile(b *testing.B, path string, rounds int, run func() (int64, error)) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	defer pprof.StopCPUProfile()
	for range rounds {
		if _, err := run(); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime returns the CPU time this process has used so far, user and
// system, over all its threads: unlike the wall clock it does not move
// when the machine's other work (or PostgreSQL) takes the cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// perRow is d over rows, in microseconds.
func perRow(d time.Duration, rows int) float64 { return float64(d.Microseconds()) / float64(rows) }

// export writes the table in format f to io.Discard and returns the bytes.
func export(ctx context.Context, t licence.Table, f tabular.Format) (int64, error) {
	st, err := tabular.Write(ctx, io.Discard, f, t, nil)
	return st.Bytes, err
}

// copyCSV runs copySQL and returns the bytes PostgreSQL sent.
func copyCSV(ctx context.Context, conn *pgx.Conn) (int64, error) {
	cw := &counter{}
	_, err := conn.PgConn().CopyTo(ctx, cw, copySQL)
	return cw.n, err
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}
