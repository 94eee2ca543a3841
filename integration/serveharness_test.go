package integration

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/connectors/sim"
	"github.com/gdx-exchange/gdx/connectors/synth"
	"github.com/gdx-exchange/gdx/internal/pgtest"
)

// serveCluster is n `gdx serve` replicas sharing one PostgreSQL database,
// the two registry simulators (in the test process) and the credentials
// of the demo agencies, set up with the operator commands as production
// would be.
type serveCluster struct {
	DB       string // the replicas' database URL
	Dir      string // data directory: CA, server and upstream certificates, agencies/, audit.secret
	Sims     map[sim.Registry]*sim.Server
	Replicas []*serveReplica

	view     *runningDemo // the data directory seen as a demo, for the demo helpers
	forgers  map[string]*forger
	clients  map[string]*http.Client
	upstream []string // --upstream flags
}

// serveReplica is one `gdx serve` process of a cluster. Its writer name
// and checkpoint key survive a restart, so that it resumes its chain.
type serveReplica struct {
	Writer  string
	KeyFile string // --audit-key; KeyFile+".pub" verifies its checkpoints
	API     string
	Web     string
	Logs    *lockedBuffer
	cmd     *exec.Cmd
}

// clusterGateway names the replicas in their upstream certificate
// (urn:gdx:gateway:<name>); the simulators accept only it.
const clusterGateway = "gdx-cluster"

// clusterLimit replaces DLA's demo rate limits so that load tests measure
// the gateway, not the limiter. RD keeps the demo's 120/min, burst 20.
var clusterLimit = catalog.RateLimit{PerMinute: 60000, Burst: 5000}

var (
	synthOnce sync.Once
	synthData *synth.Generator
)

// startServeCluster sets up a fresh PostgreSQL database with the demo
// catalog and credentials and starts n replicas named r0…r(n-1) on free
// ports. Everything stops at cleanup.
func startServeCluster(t *testing.T, n int) *serveCluster {
	t.Helper()
	c := &serveCluster{DB: pgtest.New(t), Dir: t.TempDir(), forgers: map[string]*forger{}, clients: map[string]*http.Client{}}
	c.setUp(t)
	c.startSimulators(t)
	for i := 0; i < n; i++ {
		c.Replicas = append(c.Replicas, &serveReplica{Writer: fmt.Sprintf("r%d", i), KeyFile: filepath.Join(c.Dir, fmt.Sprintf("audit-r%d.key", i))})
		c.Start(t, i)
	}
	return c
}

// setUp runs the operator commands: CA, migrations, catalog, server and
// agency certificates with their signing keys registered in the database.
func (c *serveCluster) setUp(t *testing.T) {
	t.Helper()
	catalogFile := filepath.Join(c.Dir, "catalog.json")
	writeDemoCatalog(t, catalogFile)
	steps := [][]string{
		{"certs", "init", "--data", c.Dir},
		{"migrate", "--database-url", c.DB},
		{"catalog", "import", "--data", c.Dir, "--database-url", c.DB, "--in", catalogFile},
		{"certs", "issue", "--data", c.Dir, "--database-url", c.DB, "--server", "localhost"},
	}
	for _, code := range demo.ClientAgencies() {
		steps = append(steps, []string{"certs", "issue", "--data", c.Dir, "--database-url", c.DB, "--agency", code})
	}
	for _, args := range steps {
		c.Gdx(t, args...)
	}
	secret := make([]byte, 32)
	rand.Read(secret)
	if err := os.WriteFile(filepath.Join(c.Dir, "audit.secret"), secret, 0o600); err != nil {
		t.Fatal(err)
	}
	c.view = &runningDemo{Dir: c.Dir, Info: clusterInfo()}
	for _, code := range demo.ClientAgencies() {
		c.forgers[code] = newForger(t, c.view, code)
		c.clients[code] = c.view.agencyClient(t, code)
	}
}

// writeDemoCatalog writes the demo catalog as a `gdx catalog import` file.
func writeDemoCatalog(t *testing.T, path string) {
	t.Helper()
	grants := demo.Grants(time.Now().UTC().Truncate(24 * time.Hour))
	for i := range grants {
		if grants[i].Consumer == demo.DLA {
			grants[i].RateLimit = clusterLimit
		}
	}
	b, err := json.Marshal(map[string]any{"agencies": demo.Agencies(), "purposes": demo.Purposes(),
		"datasets": demo.Datasets(), "grants": grants})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// clusterInfo describes the cluster's data directory the way demo.json
// describes a demo's, so that the demo helpers work on it.
func clusterInfo() demoInfo {
	info := demoInfo{CA: "ca.crt", Audience: "urn:gdx:gateway:gdx", Agencies: map[string]string{}}
	for _, code := range demo.ClientAgencies() {
		info.Agencies[code] = filepath.Join("agencies", code)
	}
	for _, d := range demo.Datasets() {
		info.Datasets = append(info.Datasets, struct {
			ID             string   `json:"id"`
			Owner          string   `json:"owner"`
			Classification string   `json:"classification"`
			KeyKind        string   `json:"key_kind"`
			SampleKeys     []string `json:"sample_keys"`
		}{d.ID, d.Owner, string(d.Classification), string(d.KeyKind), demo.SampleKeys(d)})
	}
	return info
}

// startSimulators starts both registries over mTLS, accepting only the
// replicas' upstream certificate, which it writes to DIR/upstream.crt.
func (c *serveCluster) startSimulators(t *testing.T) {
	t.Helper()
	ca, err := certs.Load(c.Dir)
	if err != nil {
		t.Fatal(err)
	}
	up, err := ca.IssueUpstream(clusterGateway, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := up.Write(c.Dir, "upstream.crt", "upstream.key"); err != nil {
		t.Fatal(err)
	}
	srv, err := ca.IssueServer(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := tls.X509KeyPair(srv.CertPEM, srv.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	synthOnce.Do(func() { synthData = synth.New(synth.Config{}) })
	c.Sims = map[sim.Registry]*sim.Server{}
	for _, reg := range []sim.Registry{sim.CivilRegistry, sim.JuristicRegistry} {
		s, err := sim.Start(context.Background(), sim.Config{Registry: reg, Certificate: cert, ClientCAs: ca.Pool(),
			Gateways: []string{clusterGateway}, Data: synthData})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		c.Sims[reg] = s
		c.upstream = append(c.upstream, "--upstream", string(reg)+"="+s.URL())
	}
}

// Start starts replica i (again, after Kill) with its writer name and
// checkpoint key, on fresh free ports, and waits until it serves.
func (c *serveCluster) Start(t *testing.T, i int) *serveReplica {
	t.Helper()
	r := c.Replicas[i]
	args := append([]string{"serve", "--data", c.Dir, "--database-url", c.DB,
		"--api-addr", "127.0.0.1:0", "--web-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--shutdown-timeout", "5s",
		"--writer", r.Writer, "--audit-key", r.KeyFile, "--audit-secret", filepath.Join(c.Dir, "audit.secret")}, c.upstream...)
	cmd, logs := startGDX(t, args, true, func(line string) bool { return strings.Contains(line, "gdx serving") })
	r.cmd, r.Logs = cmd, logs
	r.API, r.Web = servingURLs(t, logs.String())
	t.Cleanup(r.stop)
	return r
}

// Kill ends replica i with SIGKILL, as a crash or the OOM killer would.
func (c *serveCluster) Kill(t *testing.T, i int) {
	t.Helper()
	r := c.Replicas[i]
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill %s: %v", r.Writer, err)
	}
	r.cmd.Wait()
}

// stop ends the replica with SIGTERM (SIGKILL after 10s) unless it has
// already ended.
func (r *serveReplica) stop() {
	if r.cmd.Process == nil || r.cmd.ProcessState != nil {
		return
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { r.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		r.cmd.Process.Kill()
		<-done
	}
}

// Gdx runs an operator command that must succeed and returns its standard
// output.
func (c *serveCluster) Gdx(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(gdxBinary(t), args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gdx %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// VerifyAudit runs `gdx audit verify` with every replica's checkpoint key
// and fails the test unless the whole trail is intact.
func (c *serveCluster) VerifyAudit(t *testing.T) string {
	t.Helper()
	args := []string{"audit", "verify", "--data", c.Dir, "--database-url", c.DB}
	for _, r := range c.Replicas {
		args = append(args, "--key", r.Writer+"="+r.KeyFile+".pub")
	}
	out, err := exec.Command(gdxBinary(t), args...).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "audit trail intact") {
		t.Fatalf("gdx audit verify: %v\n%s", err, out)
	}
	return string(out)
}

// Token signs a fresh request JWT for the agency and purpose. jti may be
// empty for a random one. It is safe to call from any goroutine.
func (c *serveCluster) Token(code, purpose, jti string) (string, error) {
	f := c.forgers[code]
	claims := f.claims()
	claims["purpose"] = purpose
	claims["jti"] = jti
	if jti == "" {
		claims["jti"] = randomID()
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: f.key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// clusterAnswer is one answer of a replica.
type clusterAnswer struct {
	Status int
	Header http.Header
	Body   lookupAnswer
	Raw    []byte
}

// Call sends GET path to the replica's agency API as the agency with the
// token. It is safe to call from any goroutine; err is a transport error.
func (c *serveCluster) Call(r *serveReplica, code, token, path string) (clusterAnswer, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.API+path, nil)
	if err != nil {
		return clusterAnswer{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := c.clients[code].Do(req)
	if err != nil {
		return clusterAnswer{}, err
	}
	defer res.Body.Close()
	a := clusterAnswer{Status: res.StatusCode, Header: res.Header}
	if a.Raw, err = io.ReadAll(res.Body); err != nil {
		return a, err
	}
	if err := json.Unmarshal(a.Raw, &a.Body); err != nil {
		return a, fmt.Errorf("status %d, body %q: %w", a.Status, a.Raw, err)
	}
	return a, nil
}

// Lookup looks path up on the replica as the agency, with a fresh token
// for the purpose.
func (c *serveCluster) Lookup(r *serveReplica, code, purpose, path string) (clusterAnswer, error) {
	tok, err := c.Token(code, purpose, "")
	if err != nil {
		return clusterAnswer{}, err
	}
	return c.Call(r, code, tok, path)
}

// MustLookup is Lookup on the test goroutine, failing on transport errors.
func (c *serveCluster) MustLookup(t *testing.T, r *serveReplica, code, purpose, path string) clusterAnswer {
	t.Helper()
	a, err := c.Lookup(r, code, purpose, path)
	if err != nil {
		t.Fatalf("%s %s on %s: %v", code, path, r.Writer, err)
	}
	return a
}

// Ready returns the status of the replica's /readyz.
func (c *serveCluster) Ready(t *testing.T, r *serveReplica) int {
	t.Helper()
	res, err := c.view.client(t, nil).Get(r.Web + "/readyz")
	if err != nil {
		t.Fatalf("readyz of %s: %v", r.Writer, err)
	}
	res.Body.Close()
	return res.StatusCode
}

// AuditEvents returns the writer of every event `gdx audit query` lists
// for the filter flags, by event id, paging back in time 1000 at a time.
func (c *serveCluster) AuditEvents(t *testing.T, filter ...string) map[string]string {
	t.Helper()
	events := map[string]string{}
	var to string
	for {
		args := append([]string{"audit", "query", "--database-url", c.DB, "--limit", "1000", "-o", "json"}, filter...)
		if to != "" {
			args = append(args, "--to", to)
		}
		lines, added := 0, 0
		var oldest time.Time
		for _, line := range strings.Split(strings.TrimSpace(c.Gdx(t, args...)), "\n") {
			if line == "" {
				continue
			}
			var e struct {
				ID     string    `json:"id"`
				Writer string    `json:"writer"`
				Time   time.Time `json:"time"`
			}
			if err := json.Unmarshal([]byte(line), &e); err != nil || e.ID == "" {
				t.Fatalf("audit query line %q: %v", line, err)
			}
			lines++
			if _, seen := events[e.ID]; !seen {
				events[e.ID] = e.Writer
				added++
			}
			oldest = e.Time
		}
		if lines < 1000 || added == 0 {
			return events
		}
		// --to is exclusive: a microsecond later keeps the oldest event's
		// instant, whose other events may not all have fitted the page.
		to = oldest.Add(time.Microsecond).Format(time.RFC3339Nano)
	}
}

// databaseName returns the database in a PostgreSQL URL.
func databaseName(t *testing.T, dbURL string) string {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil || strings.Trim(u.Path, "/") == "" {
		t.Fatalf("database URL without a database name")
	}
	return strings.Trim(u.Path, "/")
}

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// samplePath is the record path of the dataset's first demo sample key.
func samplePath(dataset string, query string) string {
	for _, d := range demo.Datasets() {
		if d.ID == dataset {
			p := "/v1/datasets/" + dataset + "/records/" + demo.SampleKeys(d)[0]
			if query != "" {
				p += "?" + query
			}
			return p
		}
	}
	panic("no demo dataset " + dataset)
}
