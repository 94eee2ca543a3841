package integration

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/connectors/sim"
	"github.com/gdx-exchange/gdx/internal/pgtest"
)

// TestLoad is the load benchmark of issue 5 item 9. It only runs with
// GDX_LOAD=1, never in CI's `go test ./...`:
//
//	GDX_LOAD=1 go test -run '^TestLoad$' -v -timeout 30m ./integration/
//
// Three servers answer the same person lookups from the same civil-registry
// simulator over mTLS, in the same run, on the same machine:
//
//   - gateway: one `gdx serve` on a durably configured PostgreSQL of the
//     test's own (pgtest.NewDurable) doing all its work per request (mTLS,
//     request JWT with a durable jti, rate limit by leases from the
//     database, OPA decision and decision log, connector, minimisation,
//     the jti, audit event and decision row group-committed before the
//     answer);
//   - nginx: nginx as a plain mTLS reverse proxy (client certificates
//     checked against the exchange CA, proxy_pass to the simulator over
//     mTLS with the gateway's upstream certificate, keep-alive upstream);
//   - go proxy: the same plain proxy written with Go's standard library
//     (goproxy_test.go), what any Go server pays for HTTP and TLS on both
//     sides before it does any work of its own.
//
// The Go load generator uses keep-alive connections and request JWTs
// minted before each run, each with a fresh jti. It measures, for each
// server, throughput and latency at fixed concurrency (closed loop), then,
// for the gateway and nginx, latency at a fixed rate of half the
// gateway's measured maximum (open loop, latency counted from each
// request's due time). Last it takes a
// CPU profile of the gateway under load and prints its top functions.
//
// Settings: GDX_LOAD_CONC (connections and closed-loop concurrency,
// default 32), GDX_LOAD_REQUESTS (requests per closed run, default
// 20000), GDX_LOAD_ROUNDS (closed runs per server, default 2),
// GDX_LOAD_SECONDS (length of each fixed-rate run, default 20),
// GDX_LOAD_OUT (directory for results.txt and gateway.cpu.pprof),
// GDX_LOAD_DB_PARAMS (query parameters added to the gateway's database
// URL, e.g. pool_max_conns=32; default none, so pgx's pool of
// max(4, CPUs) connections), GDX_LOAD_SERVE_ARGS (further flags of the
// gateway's `gdx serve`, split at spaces, e.g. --audit-batch-wait=1ms),
// GDX_LOAD_PROFILE (fixed: profile the gateway's fixed-rate run instead
// of a closed run after it).
// nginx must be installed (apt-get install nginx-light).
func TestLoad(t *testing.T) {
	if os.Getenv("GDX_LOAD") == "" {
		t.Skip("load benchmark: set GDX_LOAD=1 to run it (see docs/PERFORMANCE.md)")
	}
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		t.Skip("load benchmark: nginx is not installed (apt-get install -y nginx-light)")
	}
	cfg := loadConfigFromEnv(t)
	c := startDurableServeCluster(t)
	raiseDLALimits(t, c)
	gw := startProfiledServe(t, c, cfg.dbParams, cfg.serveArgs...)
	proxy := startNginx(t, nginx, c)
	goProxy := startGoProxy(t, c)

	cert, err := tls.LoadX509KeyPair(filepath.Join(c.Dir, "agencies", demo.DLA, "client.crt"),
		filepath.Join(c.Dir, "agencies", demo.DLA, "client.key"))
	if err != nil {
		t.Fatal(err)
	}
	ca, err := certs.LoadCAPool(filepath.Join(c.Dir, "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	keys := personKeys(1000)
	bank := &tokenBank{c: c}
	gateway := &loadTarget{name: "gateway", base: gw.api, auth: bank.header,
		client: newLoadClient(cert, ca, cfg.conc)}
	direct := &loadTarget{name: "nginx", base: proxy.url, auth: bank.header,
		client: newLoadClient(cert, ca, cfg.conc)}
	goDirect := &loadTarget{name: "go proxy", base: goProxy.url, auth: bank.header,
		client: newLoadClient(cert, ca, cfg.conc)}
	for _, k := range keys {
		gateway.paths = append(gateway.paths, "/v1/datasets/"+demo.PersonDataset+"/records/"+k)
		direct.paths = append(direct.paths, sim.PersonPath+k)
		goDirect.paths = append(goDirect.paths, sim.PersonPath+k)
	}
	rep := &loadReport{t: t, cfg: cfg}
	if cfg.dbParams != "" {
		rep.line("gateway database URL parameters: " + cfg.dbParams)
	}
	if len(cfg.serveArgs) > 0 {
		rep.line("gateway flags: " + strings.Join(cfg.serveArgs, " "))
	}
	rep.header(c)
	rep.line("PostgreSQL: a cluster of the test's own, " + durableSettings(t, c.DB))

	// Warm up both: connections, caches, the JIT-free but lazy bits.
	next := 0
	bank.mint(t, next, 2000)
	for _, tg := range []*loadTarget{gateway, direct, goDirect} {
		if r := runClosed(tg, next, 1000, cfg.conc); r.Errors > 0 {
			t.Fatalf("warm-up failed: %s", r)
		}
		next += 1000
	}

	cpu := cpuGroups{gateway: gw.pid, nginx: proxy.pid, goProxy: goProxy.pid}
	measure := func(run func() loadResult) loadResult {
		before := cpu.snap()
		r := run()
		r.cpu = cpuUse(before, cpu.snap(), r.Requests)
		return r
	}
	before := scrapeStages(t, gw.web)
	var gwTotal, ngTotal, goTotal loadResult
	for round := 1; round <= cfg.rounds; round++ {
		bank.mint(t, next, cfg.requests)
		g := measure(func() loadResult { return runClosed(gateway, next, cfg.requests, cfg.conc) })
		next += cfg.requests
		n := measure(func() loadResult { return runClosed(direct, next, cfg.requests, cfg.conc) })
		next += cfg.requests
		p := measure(func() loadResult { return runClosed(goDirect, next, cfg.requests, cfg.conc) })
		next += cfg.requests
		for _, r := range []loadResult{g, n, p} {
			rep.line(fmt.Sprintf("round %d  %s", round, r))
			rep.line(fmt.Sprintf("round %d    %s", round, r.cpu))
		}
		rep.line(fmt.Sprintf("round %d  gateway/nginx throughput = %.3f, Go proxy/nginx = %.3f, gateway/Go proxy = %.3f", round,
			g.Throughput()/n.Throughput(), p.Throughput()/n.Throughput(), g.Throughput()/p.Throughput()))
		gwTotal, ngTotal, goTotal = addResult(gwTotal, g), addResult(ngTotal, n), addResult(goTotal, p)
		if g.Errors > 0 || n.Errors > 0 || p.Errors > 0 {
			t.Errorf("errors under load: gateway %d, nginx %d, Go proxy %d", g.Errors, n.Errors, p.Errors)
		}
	}
	rep.stages(before, scrapeStages(t, gw.web))
	rep.line(fmt.Sprintf("closed loop, all rounds: gateway %.0f req/s, nginx %.0f req/s, ratio %.3f (aim ≥ 0.5); Go proxy %.0f req/s (%.3f of nginx)",
		gwTotal.Throughput(), ngTotal.Throughput(), gwTotal.Throughput()/ngTotal.Throughput(),
		goTotal.Throughput(), goTotal.Throughput()/ngTotal.Throughput()))

	rate := gwTotal.Throughput() / 2
	n := int(rate * cfg.seconds.Seconds())
	bank.mint(t, next, n)
	fixed := func() loadResult { return runRate(gateway, next, n, rate, 4*cfg.conc) }
	var g loadResult
	atRate := scrapeStages(t, gw.web)
	if cfg.profileFixed {
		rep.profile(gw, func() { g = measure(fixed) })
	} else {
		g = measure(fixed)
	}
	afterRate := scrapeStages(t, gw.web)
	next += n
	ng := measure(func() loadResult { return runRate(direct, next, n, rate, 4*cfg.conc) })
	next += n
	rep.line(g.String())
	rep.line("  " + g.cpu)
	rep.batches(atRate, afterRate)
	rep.line(ng.String())
	rep.line("  " + ng.cpu)
	rep.line(fmt.Sprintf("fixed rate %.0f/s (half the gateway's max): gateway p99 %.2f ms (aim < 10 ms), nginx p99 %.2f ms",
		rate, ms(g.Quantile(0.99)), ms(ng.Quantile(0.99))))
	rep.line("  gateway at the fixed rate: " + g.slowBursts(10*time.Millisecond))
	rep.timeline("fixed-rate-gateway.csv", g)

	if !cfg.profileFixed {
		bank.mint(t, next, cfg.requests)
		rep.profile(gw, func() { runClosed(gateway, next, cfg.requests, cfg.conc) })
	}
	rep.write()
}

// loadConfig holds the benchmark's settings.
type loadConfig struct {
	conc, requests, rounds int
	seconds                time.Duration
	out                    string
	dbParams               string
	serveArgs              []string
	profileFixed           bool
}

func loadConfigFromEnv(t *testing.T) loadConfig {
	t.Helper()
	num := func(name string, def int) int {
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
	if v := os.Getenv("GDX_LOAD_PROFILE"); v != "" && v != "fixed" {
		t.Fatalf("GDX_LOAD_PROFILE=%q: want fixed, or unset to profile a closed run", v)
	}
	return loadConfig{conc: num("GDX_LOAD_CONC", 32), requests: num("GDX_LOAD_REQUESTS", 20000),
		rounds: num("GDX_LOAD_ROUNDS", 2), seconds: time.Duration(num("GDX_LOAD_SECONDS", 20)) * time.Second,
		out: os.Getenv("GDX_LOAD_OUT"), dbParams: os.Getenv("GDX_LOAD_DB_PARAMS"),
		serveArgs:    strings.Fields(os.Getenv("GDX_LOAD_SERVE_ARGS")),
		profileFixed: os.Getenv("GDX_LOAD_PROFILE") == "fixed"}
}

// startDurableServeCluster is startServeCluster(t, 0) on a PostgreSQL
// cluster of its own configured durably (pgtest.NewDurable): the tests'
// shared cluster runs with fsync off, and a benchmark of a durable audit
// on it would measure nothing.
func startDurableServeCluster(t *testing.T) *serveCluster {
	t.Helper()
	c := &serveCluster{DB: pgtest.NewDurable(t), Dir: t.TempDir(), forgers: map[string]*forger{}, clients: map[string]*http.Client{}}
	c.setUp(t)
	c.startSimulators(t)
	return c
}

// durableSettings reads back the settings that make commits durable and
// fails t unless each is on.
func durableSettings(t *testing.T, db string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var parts []string
	for _, name := range []string{"fsync", "synchronous_commit", "full_page_writes"} {
		var v string
		if err := conn.QueryRow(ctx, "SHOW "+name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != pgtest.DurableSettings[name] {
			t.Fatalf("the benchmark's PostgreSQL has %s = %s, want %s", name, v, pgtest.DurableSettings[name])
		}
		parts = append(parts, name+"="+v)
	}
	return strings.Join(parts, " ")
}

// personKeys returns n citizen ids the simulator holds, in random order.
func personKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = demo.PersonKey(1 + rand.IntN(99_000))
	}
	return keys
}

// raiseDLALimits lifts DLA's grant rate limits far above what two cores
// can serve, so that the benchmark measures the gateway's work, including
// its rate-limit write, and never a 429.
func raiseDLALimits(t *testing.T, c *serveCluster) {
	t.Helper()
	grants := demo.Grants(time.Now().UTC().Truncate(24 * time.Hour))
	var dla []catalog.Grant
	for _, g := range grants {
		if g.Consumer == demo.DLA {
			g.RateLimit = catalog.RateLimit{PerMinute: 60_000_000, Burst: 1_000_000}
			dla = append(dla, g)
		}
	}
	b, err := json.Marshal(map[string]any{"grants": dla})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c.Dir, "load-grants.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	c.Gdx(t, "catalog", "import", "--data", c.Dir, "--database-url", c.DB, "--in", path)
}

// tokenBank holds request JWTs minted ahead, one per request index.
type tokenBank struct {
	c      *serveCluster
	mu     sync.RWMutex
	tokens map[int]string
}

// mint signs tokens for requests first…first+n-1 (fresh jti each) on
// every CPU, replacing the previous batch.
func (b *tokenBank) mint(t *testing.T, first, n int) {
	t.Helper()
	out := make(map[int]string, n)
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	const workers = 4
	for w := range workers {
		wg.Go(func() {
			local := make(map[int]string, n/workers+1)
			for i := first + w; i < first+n; i += workers {
				tok, err := b.c.Token(demo.DLA, "licensing", "")
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
				local[i] = "Bearer " + tok
			}
			mu.Lock()
			for k, v := range local {
				out[k] = v
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatalf("mint tokens: %v", err)
	default:
	}
	b.mu.Lock()
	b.tokens = out
	b.mu.Unlock()
}

func (b *tokenBank) header(i int) string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.tokens[i]
}

func addResult(sum, r loadResult) loadResult {
	sum.Target, sum.Requests, sum.Errors, sum.Elapsed = r.Target, sum.Requests+r.Requests, sum.Errors+r.Errors, sum.Elapsed+r.Elapsed
	return sum
}

// profiledServe is a `gdx serve` built with a pprof listener.
type profiledServe struct {
	api, web, pprof string
	bin             string
	pid             int
	auditKey        string // the writer "load"'s checkpoint key; its public half is auditKey+".pub"
	stop            func() // interrupts the server and waits for it, once
}

// pprofOverlay is added to cmd/gdx through `go build -overlay` for this
// benchmark only: the tree is not changed and the shipped binary has no
// pprof listener.
const pprofOverlay = `package main

import (
	"net/http"
	"net/http/pprof"
	"os"
)

func init() {
	addr := os.Getenv("GDX_BENCH_PPROF")
	if addr == "" {
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	go http.ListenAndServe(addr, mux)
}
`

// startProfiledServe builds cmd/gdx with the pprof overlay and runs one
// replica on the cluster's database and simulators, as
// serveCluster.Start would, with its logs in a file, adding flags to its
// command line.
func startProfiledServe(t *testing.T, c *serveCluster, dbParams string, flags ...string) *profiledServe {
	t.Helper()
	dir := t.TempDir()
	src, err := filepath.Abs("../cmd/gdx")
	if err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join(dir, "zz_benchpprof.go")
	overlay := filepath.Join(dir, "overlay.json")
	ov, _ := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(src, "zz_benchpprof.go"): extra}})
	if err := os.WriteFile(extra, []byte(pprofOverlay), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(overlay, ov, 0o644); err != nil {
		t.Fatal(err)
	}
	s := &profiledServe{bin: filepath.Join(dir, "gdx"), pprof: freeLoopback(t), auditKey: filepath.Join(dir, "audit-load.key")}
	if out, err := exec.Command("go", "build", "-overlay", overlay, "-o", s.bin, "../cmd/gdx").CombinedOutput(); err != nil {
		t.Fatalf("build gdx with pprof: %v\n%s", err, out)
	}
	logPath := filepath.Join(dir, "serve.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	db := c.DB
	if dbParams != "" {
		sep := "?"
		if strings.Contains(db, "?") {
			sep = "&"
		}
		db += sep + dbParams
	}
	args := append([]string{"serve", "--data", c.Dir, "--database-url", db, "--api-addr", "127.0.0.1:0",
		"--web-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--writer", "load", "--audit-key", s.auditKey,
		"--audit-secret", filepath.Join(c.Dir, "audit.secret")}, c.upstream...)
	args = append(args, flags...)
	cmd := exec.Command(s.bin, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), "GDX_BENCH_PPROF="+s.pprof)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.pid = cmd.Process.Pid
	s.stop = sync.OnceFunc(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		logFile.Close()
	})
	t.Cleanup(s.stop)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		logs, _ := os.ReadFile(logPath)
		if bytes.Contains(logs, []byte(`"gdx serving"`)) {
			s.api, s.web = servingURLs(t, string(logs))
			return s
		}
		if cmd.ProcessState != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	logs, _ := os.ReadFile(logPath)
	t.Fatalf("gdx serve did not start within 60s:\n%s", logs)
	return nil
}

func freeLoopback(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// nginxConf is nginx as a plain mTLS reverse proxy in front of the civil
// registry simulator: what a gateway that only forwarded would do.
var nginxConf = template.Must(template.New("nginx").Parse(`
daemon off;
master_process on;
worker_processes auto;
{{if .Root}}user root;{{end}}
pid {{.Dir}}/nginx.pid;
error_log {{.Dir}}/error.log warn;
events { worker_connections 4096; }
http {
	access_log {{.Dir}}/access.log combined buffer=64k flush=1s;
	client_body_temp_path {{.Dir}}/body;
	proxy_temp_path {{.Dir}}/proxy;
	fastcgi_temp_path {{.Dir}}/fastcgi;
	uwsgi_temp_path {{.Dir}}/uwsgi;
	scgi_temp_path {{.Dir}}/scgi;
	keepalive_requests 1000000;
	keepalive_timeout 120s;
	upstream civil_registry {
		server {{.Upstream}};
		keepalive 128;
		keepalive_requests 1000000;
	}
	server {
		listen {{.Listen}} ssl;
		ssl_protocols TLSv1.2 TLSv1.3;
		ssl_certificate {{.Data}}/server.crt;
		ssl_certificate_key {{.Data}}/server.key;
		ssl_client_certificate {{.Data}}/ca.crt;
		ssl_verify_client on;
		location / {
			proxy_pass https://civil_registry;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_ssl_certificate {{.Data}}/upstream.crt;
			proxy_ssl_certificate_key {{.Data}}/upstream.key;
			proxy_ssl_trusted_certificate {{.Data}}/ca.crt;
			proxy_ssl_verify on;
			proxy_ssl_name localhost;
			proxy_ssl_session_reuse on;
		}
	}
}
`))

// runningPeer is a peer server's process (nginx's master) and base URL.
type runningPeer struct {
	url string
	pid int
}

// startNginx runs nginx in the foreground as a child process with a
// generated configuration.
func startNginx(t *testing.T, bin string, c *serveCluster) runningPeer {
	t.Helper()
	dir := t.TempDir()
	listen := freeLoopback(t)
	up := strings.TrimPrefix(c.Sims[sim.CivilRegistry].URL(), "https://")
	var conf bytes.Buffer
	if err := nginxConf.Execute(&conf, map[string]any{"Dir": dir, "Data": c.Dir, "Listen": listen, "Upstream": up,
		"Root": os.Geteuid() == 0}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, conf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", path)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt) // SIGINT: fast shutdown of master and workers
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if conn, err := net.DialTimeout("tcp", listen, time.Second); err == nil {
			conn.Close()
			return runningPeer{url: "https://" + listen, pid: cmd.Process.Pid}
		}
		time.Sleep(50 * time.Millisecond)
	}
	errLog, _ := os.ReadFile(filepath.Join(dir, "error.log"))
	t.Fatalf("nginx did not listen on %s within 10s:\n%s\n%s", listen, out, errLog)
	return runningPeer{}
}

// stageTotals are the gateway's cumulative histogram sums and counts.
type stageTotals map[string][2]float64

// loadStages are the gateway's latency histograms, by stage.
var loadStages = []string{"gdx_lookup_duration_seconds", "gdx_decision_duration_seconds",
	"gdx_upstream_duration_seconds", "gdx_audit_commit_seconds"}

// loadCounters are the gateway's counters the report reads, kept in a
// stageTotals' first value.
var loadCounters = []string{"gdx_audit_events_committed_total", "gdx_audit_batches_total"}

// scrapeStages reads the sums and counts of the stage histograms (all
// label sets added up) and loadCounters from the gateway's /metrics.
func scrapeStages(t *testing.T, web string) stageTotals {
	t.Helper()
	res, err := http.Get(web + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out := stageTotals{}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, name := range loadCounters {
			if v, ok := strings.CutPrefix(line, name+" "); ok {
				n, _ := strconv.ParseFloat(v, 64)
				out[name] = [2]float64{n}
			}
		}
		for _, name := range loadStages {
			for i, suffix := range []string{"_sum", "_count"} {
				if !strings.HasPrefix(line, name+suffix) {
					continue
				}
				fields := strings.Fields(line)
				v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
				if err != nil {
					continue
				}
				tot := out[name]
				tot[i] += v
				out[name] = tot
			}
		}
	}
	return out
}

// loadReport collects the lines of the report, logs them and writes
// them to GDX_LOAD_OUT.
type loadReport struct {
	t     *testing.T
	cfg   loadConfig
	lines []string
}

func (r *loadReport) line(s string) {
	r.t.Log(s)
	r.lines = append(r.lines, s)
}

func (r *loadReport) header(c *serveCluster) {
	r.line(fmt.Sprintf("load benchmark %s: concurrency %d, %d requests per closed run, %d rounds, fixed-rate runs of %s",
		time.Now().UTC().Format(time.RFC3339), r.cfg.conc, r.cfg.requests, r.cfg.rounds, r.cfg.seconds))
	r.line("lookup: GET /v1/datasets/dopa.person/records/{1000 random citizen ids} as DLA, purpose licensing (gateway); " +
		"GET " + sim.PersonPath + "{same ids} (nginx)")
}

// stages reports the mean time the gateway spent in each stage over the
// closed-loop runs.
func (r *loadReport) stages(before, after stageTotals) {
	var parts []string
	for _, name := range loadStages {
		sum, count := after[name][0]-before[name][0], after[name][1]-before[name][1]
		if count > 0 {
			short := strings.TrimSuffix(strings.TrimPrefix(name, "gdx_"), "_seconds")
			parts = append(parts, fmt.Sprintf("%s %.2f ms", short, sum/count*1e3))
		}
	}
	r.line("gateway stage means (its own /metrics, closed runs): " + strings.Join(parts, ", "))
}

// timeline writes a fixed-rate run's requests to GDX_LOAD_OUT/name as
// CSV: when each was due (µs since the run began) and its latency (µs).
func (r *loadReport) timeline(name string, res loadResult) {
	if r.cfg.out == "" {
		return
	}
	var b strings.Builder
	b.WriteString("due_us,latency_us\n")
	for _, tl := range res.timeline {
		fmt.Fprintf(&b, "%d,%d\n", tl.at.Microseconds(), tl.lat.Microseconds())
	}
	if err := os.MkdirAll(r.cfg.out, 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.cfg.out, name), []byte(b.String()), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// batches reports the audit writer's group commits between two scrapes.
func (r *loadReport) batches(before, after stageTotals) {
	events := after[loadCounters[0]][0] - before[loadCounters[0]][0]
	commits := after[loadCounters[1]][0] - before[loadCounters[1]][0]
	if commits > 0 {
		r.line(fmt.Sprintf("  audit at the fixed rate: %.0f events in %.0f commits, %.1f per commit", events, commits, events/commits))
	}
}

// profile takes a CPU profile of the gateway while load runs, saves it
// and logs its top functions.
func (r *loadReport) profile(s *profiledServe, load func()) {
	r.t.Helper()
	const seconds = 10
	var prof []byte
	var perr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		res, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", s.pprof, seconds))
		if err != nil {
			perr = err
			return
		}
		defer res.Body.Close()
		prof, perr = io.ReadAll(res.Body)
	}()
	load()
	<-done
	if perr != nil || len(prof) == 0 {
		r.line(fmt.Sprintf("no CPU profile: %v", perr))
		return
	}
	dir := r.cfg.out
	if dir == "" {
		dir = r.t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		r.t.Fatal(err)
	}
	path := filepath.Join(dir, "gateway.cpu.pprof")
	if err := os.WriteFile(path, prof, 0o644); err != nil {
		r.t.Fatal(err)
	}
	for _, args := range [][]string{
		{"tool", "pprof", "-top", "-nodecount=25", s.bin, path},
		{"tool", "pprof", "-top", "-cum", "-nodecount=40", s.bin, path},
	} {
		top, err := exec.Command("go", args...).CombinedOutput()
		r.line(fmt.Sprintf("go %s (err %v):\n%s", strings.Join(args, " "), err, top))
	}
}

func (r *loadReport) write() {
	if r.cfg.out == "" {
		return
	}
	if err := os.MkdirAll(r.cfg.out, 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.cfg.out, "results.txt"), []byte(strings.Join(r.lines, "\n")+"\n"), 0o644); err != nil {
		r.t.Fatal(err)
	}
}
