package integration

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/pgtest"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
	"github.com/gdx-exchange/gdx/opendata/licence/sqlstore"
)

// rssLimit is issue 9's aim for the export's peak resident memory.
const rssLimit = 150 << 20

// TestOpenDataExportRSS runs the real binary, `gdx opendata export
// --dataset dla-licences`, on PostgreSQL at 10,000, 100,000 and 1,000,000
// licences (GDX_BENCH_STEPS changes the steps) in CSV, Parquet and Arrow,
// and reads each process's peak resident set from the kernel (getrusage's
// ru_maxrss of the child, what /usr/bin/time -v prints as "Maximum
// resident set size"). It fails when a peak passes 150 MB. Loading a
// million licences takes minutes, so it runs only with
// GDX_BENCH_OPENDATA=1:
//
//	GDX_BENCH_OPENDATA=1 go test ./integration -run '^TestOpenDataExportRSS$' -v -timeout 30m
func TestOpenDataExportRSS(t *testing.T) {
	if os.Getenv("GDX_BENCH_OPENDATA") != "1" {
		t.Skip("set GDX_BENCH_OPENDATA=1 to load 1,000,000 licences and measure the export's memory")
	}
	steps := benchSteps(t)
	bin, url, dir := gdxBinary(t), pgtest.New(t), t.TempDir()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := sqlstore.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	have := 0
	for _, n := range steps {
		start := time.Now()
		if err := licencetest.DemoDLA(ctx, sqlstore.New(db), have, n); err != nil {
			t.Fatal(err)
		}
		have = n
		if _, err := db.Exec(ctx, "VACUUM ANALYZE licences"); err != nil {
			t.Fatal(err)
		}
		t.Logf("loaded %d licences in %v", n, time.Since(start).Round(time.Second))
		for _, format := range []string{"csv", "parquet", "arrow"} {
			out := filepath.Join(dir, "dla."+format)
			rss, took, size := exportPeak(t, bin, url, format, out, n)
			t.Logf("rows %9d  %-7s  peak RSS %6.1f MB  %6.2f s  %8.0f rows/s  %6.1f MB file",
				n, format, float64(rss)/(1<<20), took.Seconds(), float64(n)/took.Seconds(), float64(size)/(1<<20))
			if rss > rssLimit {
				t.Errorf("%s export of %d rows peaked at %d MB of RSS; the aim is at most %d MB", format, n, rss>>20, rssLimit>>20)
			}
			os.Remove(out)
		}
	}
}

// exportPeak runs one export and returns the child's peak RSS in bytes,
// its wall time and the file's size, checking the summary line.
func exportPeak(t *testing.T, bin, url, format, out string, rows int) (int64, time.Duration, int64) {
	t.Helper()
	cmd := exec.Command(bin, "opendata", "export", "--database-url", url,
		"--dataset", "dla-licences", "--format", format, "--out", out)
	start := time.Now()
	msg, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		t.Fatalf("export %s: %v\n%s", format, err, msg)
	}
	if want := fmt.Sprintf("wrote %d rows", rows); !strings.Contains(string(msg), want) {
		t.Fatalf("export %s: no %q in\n%s", format, want, msg)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatal("no rusage for the child")
	}
	return ru.Maxrss << 10, took, fi.Size() // Linux reports ru_maxrss in KiB
}

func benchSteps(t *testing.T) []int {
	s := os.Getenv("GDX_BENCH_STEPS")
	if s == "" {
		return []int{10_000, 100_000, 1_000_000}
	}
	var steps []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 || len(steps) > 0 && n <= steps[len(steps)-1] {
			t.Fatalf("GDX_BENCH_STEPS=%q: want rising row counts such as 10000,100000", s)
		}
		steps = append(steps, n)
	}
	return steps
}
