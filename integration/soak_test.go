package integration

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/certs"
)

// TestSoak is issue 11's soak: one `gdx serve` on a durable PostgreSQL,
// driven at half of its measured maximum rate for GDX_SOAK_MINUTES
// (default 10), after GDX_SOAK_WARMUP_MINUTES (default soakWarmup) of the
// same load. It runs only with GDX_SOAK=1:
//
//	GDX_SOAK=1 GDX_SOAK_MINUTES=3 go test -run '^TestSoak$' -v -timeout 60m ./integration/
//
// Each minute it reports the gateway's resident memory (the median and
// the highest of a sample a second), goroutines, p50 and p99. It fails on
// any error of valid traffic, on resident memory that grows (the last
// minute's median more than 10 % above the second's: a median, so that
// the few seconds' peak of a PostgreSQL checkpoint's stall, which the
// memory gives back, do not count as growth), on
// goroutines that grow, and unless `gdx audit verify` passes on the whole
// trail afterwards. GDX_SOAK_RATE fixes the rate instead of measuring it.
// soakWarmup is the minutes of load before the soak's first: two turns
// of the gateway's replay set (ReplayGuard keeps each token id for a
// window of 2 minutes and at most two), which grows with the rate until
// it holds both generations; resident memory is steady only after that.
const soakWarmup = 4

func TestSoak(t *testing.T) {
	if os.Getenv("GDX_SOAK") == "" {
		t.Skip("soak: set GDX_SOAK=1 to run it (see docs/PERFORMANCE.md)")
	}
	minutes := soakSetting(t, "GDX_SOAK_MINUTES", 10)
	warmup := soakSetting(t, "GDX_SOAK_WARMUP_MINUTES", soakWarmup)
	c := startDurableServeCluster(t)
	raiseDLALimits(t, c)
	gw := startProfiledServe(t, c, "")
	gateway, bank := soakTarget(t, c, gw)

	next := 0
	bank.mint(t, next, 3000)
	if r := runClosed(gateway, next, 1000, 32); r.Errors > 0 {
		t.Fatalf("warm-up failed: %s", r)
	}
	peak := runClosed(gateway, next+1000, 2000, 32)
	next += 3000
	rate := peak.Throughput() / 2
	if v := os.Getenv("GDX_SOAK_RATE"); v != "" {
		rate = float64(soakSetting(t, "GDX_SOAK_RATE", 1))
	}
	t.Logf("soak: %d minutes at %.0f req/s (closed-loop max %.0f req/s), after %d of warm-up", minutes, rate, peak.Throughput(), warmup)

	var rss, goroutines []int
	failed := 0
	perMinute := int(rate * 60)
	for m := 1 - warmup; m <= minutes; m++ {
		bank.mint(t, next, perMinute)
		stop := sampleResident(gw.pid, time.Second)
		r := runRate(gateway, next, perMinute, rate, 128)
		median, peak := stop()
		next += perMinute
		failed += r.Errors
		g := goroutineCount(t, gw.pprof)
		label, n := "soak minute", m
		if m < 1 {
			label, n = "warm-up minute", m+warmup
		} else {
			rss, goroutines = append(rss, median), append(goroutines, g)
		}
		t.Logf("%s %2d: %6d req  errors %d  p50 %6.2f ms  p99 %6.2f ms  RSS %6.1f MB (peak %6.1f)  goroutines %d",
			label, n, r.Requests, r.Errors, ms(r.Quantile(0.5)), ms(r.Quantile(0.99)), float64(median)/1024, float64(peak)/1024, g)
	}
	if failed > 0 {
		t.Errorf("%d errors of valid traffic", failed)
	}
	checkFlat(t, rss, goroutines)
	gw.stop()
	out, err := exec.Command(gdxBinary(t), "audit", "verify", "--data", c.Dir, "--database-url", c.DB,
		"--key", "load="+gw.auditKey+".pub").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "audit trail intact") {
		t.Fatalf("gdx audit verify after the soak: %v\n%s", err, out)
	}
	summary := string(out)
	if i := strings.LastIndex(summary, "…"); i >= 0 { // the progress counter comes first
		summary = summary[i+len("…"):]
	}
	t.Logf("after the soak: %s", strings.TrimSpace(summary))
}

// checkFlat fails unless resident memory and goroutines stay flat: the
// last minute within 10 % of the second (the first is warm-up), and no
// more goroutines at the end than the most seen in the first minutes
// plus a little slack for the connections in flight.
func checkFlat(t *testing.T, rss, goroutines []int) {
	t.Helper()
	if len(rss) < 2 {
		return
	}
	second, last := rss[1], rss[len(rss)-1]
	if float64(last) > 1.10*float64(second) {
		t.Errorf("resident memory grew: %d kB in minute 2, %d kB in the last", second, last)
	}
	early := max(goroutines[0], goroutines[1])
	if g := goroutines[len(goroutines)-1]; g > early+32 {
		t.Errorf("goroutines grew: %d early, %d at the end", early, g)
	}
}

func soakTarget(t *testing.T, c *serveCluster, gw *profiledServe) (*loadTarget, *tokenBank) {
	t.Helper()
	cert, err := tls.LoadX509KeyPair(filepath.Join(c.Dir, "agencies", demo.DLA, "client.crt"),
		filepath.Join(c.Dir, "agencies", demo.DLA, "client.key"))
	if err != nil {
		t.Fatal(err)
	}
	ca, err := certs.LoadCAPool(filepath.Join(c.Dir, "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	bank := &tokenBank{c: c}
	tg := &loadTarget{name: "gateway", base: gw.api, auth: bank.header, client: newLoadClient(cert, ca, 128)}
	for _, k := range personKeys(1000) {
		tg.paths = append(tg.paths, "/v1/datasets/"+demo.PersonDataset+"/records/"+k)
	}
	return tg, bank
}

func soakSetting(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}

// sampleResident reads the process's resident memory every period until
// the returned stop is called, which returns the samples' median and
// highest, in kB (0 when none could be read).
func sampleResident(pid int, period time.Duration) (stop func() (median, peak int)) {
	var samples []int
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(period)
		defer tick.Stop()
		for {
			if kb, err := readResidentKB(pid); err == nil {
				samples = append(samples, kb)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() (int, int) {
		close(done)
		<-finished
		if len(samples) == 0 {
			return 0, 0
		}
		slices.Sort(samples)
		return samples[len(samples)/2], samples[len(samples)-1]
	}
}

// readResidentKB reads VmRSS of the process from /proc.
func readResidentKB(pid int) (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmRSS for process %d", pid)
}

// goroutineCount reads the gateway's goroutine count from its pprof
// listener (the benchmark overlay's).
func goroutineCount(t *testing.T, pprof string) int {
	t.Helper()
	res, err := http.Get("http://" + pprof + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	line, err := bufio.NewReader(io.LimitReader(res.Body, 4096)).ReadString('\n')
	if err != nil {
		t.Fatalf("goroutine profile: %v", err)
	}
	// "goroutine profile: total 123"
	n, err := strconv.Atoi(strings.TrimSpace(line[strings.LastIndex(line, " ")+1:]))
	if err != nil {
		t.Fatalf("goroutine profile header %q: %v", line, err)
	}
	return n
}
