package policies

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog/demo"
)

// BenchmarkDecideREST compares one decision of the baseline policy made
// in-process by the engine (as the gateway makes it) with the same
// decision made by OPA's own REST server (issue 4 item 10): `opa run
// --server`, built from the OPA module at the version in go.mod with this
// module's dependency versions, on loopback, loaded with the same
// baseline Rego, asked POST /v1/data/gdx/baseline/decision with the same
// input over one keep-alive HTTP/1.1 connection. Both paths do the same
// Go work around the evaluation (input check, top-secret guard, decoding
// the layer, finishing and naming the decision); the REST path adds JSON
// encoding, the HTTP round trip and OPA's server. Requests are serial, so
// the percentiles are latencies, not queueing.
//
// Client allocations are allocs/op; the OPA server's own are
// server-allocs/op (from its go_memstats_mallocs_total). The embedded
// line repeats one input, so all but its first decision come from the
// decision cache; embedded-uncached moves the input's time on by a
// second per decision, so that each one evaluates the Rego, as OPA's
// server does every time. The opa-rest line reports its ratios to the
// embedded-uncached line: x-uncached-ns/op (mean) and x-uncached-p50
// (median).
//
//	go test -run '^$' -bench DecideREST -benchmem ./policies/
//
// It skips when OPA cannot be built (no module proxy) or started.
func BenchmarkDecideREST(b *testing.B) {
	opa := startOPA(b, Baseline())
	e := NewEngine()
	e.Activate(mustCompile(b, "v-baseline", Baseline()))
	// NOTE: a cache that has seen a later second remembers nothing of an
	// earlier one, so the uncached lines get an engine of their own.
	eu := NewEngine()
	eu.Activate(mustCompile(b, "v-baseline", Baseline()))
	cases := []struct {
		name string
		in   Input
	}{
		{"confidential", lookup(b, demo.DLA, "licensing", demo.PersonDataset, "citizen_id", "first_name_th", "last_name_th", "religion", "address")},
		// every field, as a lookup without ?fields= asks (the load benchmark's)
		{"confidential-all", lookup(b, demo.DLA, "licensing", demo.PersonDataset, demoDataset(b, demo.PersonDataset).FieldNames()...)},
		{"internal", lookup(b, demo.RD, "tax_assessment", demo.CompanyDataset, "juristic_id", "name_th", "capital")},
		{"denied", lookup(b, demo.NOGRANT, "licensing", demo.PersonDataset, "citizen_id")},
	}
	ctx := context.Background()
	for _, c := range cases {
		opa.mustAgree(b, e, c.in)
		b.Run(c.name+"/embedded", func(b *testing.B) {
			timeDecisions(b, func() error { _, err := e.Decide(ctx, c.in); return err })
		})
		var embedded timing
		b.Run(c.name+"/embedded-uncached", func(b *testing.B) {
			embedded = timeDecisions(b, uncached(ctx, eu, c.in))
		})
		b.Run(c.name+"/opa-rest", func(b *testing.B) {
			// Two scrapes first: the second's difference is what one
			// scrape itself allocates, taken off the run's count.
			m0 := opa.mallocs(b)
			m1 := opa.mallocs(b)
			rest := timeDecisions(b, func() error { _, err := opa.decide(ctx, c.in); return err })
			m2 := opa.mallocs(b)
			b.ReportMetric(max(0, m2-m1-(m1-m0))/float64(b.N), "server-allocs/op")
			if embedded.mean > 0 && embedded.p50 > 0 {
				b.ReportMetric(float64(rest.mean)/float64(embedded.mean), "x-uncached-ns/op")
				b.ReportMetric(float64(rest.p50)/float64(embedded.p50), "x-uncached-p50")
			}
		})
	}
}

// timing is what timeDecisions measured.
type timing struct{ mean, p50 time.Duration }

// timeDecisions runs decide b.N times, reports the p50 and p99 latency
// and returns the mean and median time per decision.
func timeDecisions(b *testing.B, decide func() error) timing {
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if err := decide(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	mean := b.Elapsed() / time.Duration(b.N)
	reportPercentiles(b, lat) // sorts lat
	return timing{mean: mean, p50: lat[len(lat)/2]}
}

// opaServer is a running `opa run --server`.
type opaServer struct {
	url    string
	client *http.Client
}

var (
	opaBuildOnce sync.Once
	opaBinary    string
	opaBuildErr  error
)

// buildOPA builds github.com/open-policy-agent/opa, the OPA command, at
// the version this module requires. The OPA command needs modules the
// library does not (cobra, otel exporters …), so it builds against a
// copy of go.mod and go.sum in a temporary directory (-modfile, -mod=mod):
// the versions this module pins stay as they are and the tree's files are
// never touched.
func buildOPA(b *testing.B) string {
	b.Helper()
	opaBuildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gdx-opa-")
		if err != nil {
			opaBuildErr = err
			return
		}
		gomod, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			opaBuildErr = err
			return
		}
		root := filepath.Dir(strings.TrimSpace(string(gomod)))
		for _, name := range []string{"go.mod", "go.sum"} {
			data, err := os.ReadFile(filepath.Join(root, name))
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, name), data, 0o644)
			}
			if err != nil {
				opaBuildErr = err
				return
			}
		}
		opaBinary = filepath.Join(dir, "opa")
		cmd := exec.Command("go", "build", "-modfile", filepath.Join(dir, "go.mod"), "-mod=mod", "-o", opaBinary,
			"github.com/open-policy-agent/opa")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			opaBuildErr = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if opaBuildErr != nil {
		b.Skipf("skipping the OPA REST comparison: building the opa command failed (needs the Go module proxy): %v", opaBuildErr)
	}
	return opaBinary
}

// startOPA starts `opa run --server` on a free loopback port with the
// deciding modules of mods, and stops it at cleanup.
func startOPA(b *testing.B, mods Modules) *opaServer {
	b.Helper()
	bin := buildOPA(b)
	dir := b.TempDir()
	args := []string{"run", "--server", "--log-level", "error", "--skip-version-check"}
	for _, name := range mods.Names() {
		if IsTest(name) {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(mods[name]), 0o644); err != nil {
			b.Fatal(err)
		}
		args = append(args, path)
	}
	addr := freeAddr(b)
	cmd := exec.Command(bin, append(args, "--addr", addr)...)
	stderr := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = io.Discard, stderr
	if err := cmd.Start(); err != nil {
		b.Skipf("skipping the OPA REST comparison: opa does not start: %v", err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	s := &opaServer{url: "http://" + addr, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}}
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := s.client.Get(s.url + "/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			b.Skipf("skipping the OPA REST comparison: opa is not healthy within 30s: %v\n%s", err, stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freeAddr(b *testing.B) string {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// decide makes the decision Policy.decide makes, with OPA's REST server
// evaluating the baseline instead of the prepared query.
func (s *opaServer) decide(ctx context.Context, in Input) (Decision, error) {
	const version = "v-baseline"
	if err := in.Validate(); err != nil {
		return deny(version, ReasonInvalidInput), err
	}
	if reason := guard(in); reason != "" {
		return deny(version, reason), nil
	}
	body, err := json.Marshal(map[string]any{"input": in})
	if err != nil {
		return Decision{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url+"/v1/data/gdx/baseline/decision", bytes.NewReader(body))
	if err != nil {
		return Decision{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		return Decision{}, err
	}
	defer res.Body.Close()
	var out struct {
		Result any `json:"result"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
		return Decision{}, fmt.Errorf("opa answered %d: %v", res.StatusCode, err)
	}
	if out.Result == nil {
		return Decision{}, errUndefined
	}
	d, err := decodeLayer("baseline", out.Result)
	if err != nil {
		return Decision{}, err
	}
	d = finish(d, in, version)
	d.ID = newID()
	return d, nil
}

// mustAgree fails unless both paths reach the same decision for in.
func (s *opaServer) mustAgree(b *testing.B, e *Engine, in Input) {
	b.Helper()
	ctx := context.Background()
	want, err := e.Decide(ctx, in)
	if err != nil {
		b.Fatal(err)
	}
	got, err := s.decide(ctx, in)
	if err != nil {
		b.Fatal(err)
	}
	want.ID, got.ID = "", ""
	if !reflect.DeepEqual(want, got) {
		b.Fatalf("OPA's REST server decides differently:\n embedded %+v\n opa-rest %+v", want, got)
	}
}

// mallocs reads the server's cumulative heap allocation count from its
// Prometheus metrics.
func (s *opaServer) mallocs(b *testing.B) float64 {
	b.Helper()
	res, err := s.client.Get(s.url + "/metrics")
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_memstats_mallocs_total "); ok {
			n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatal(errors.Join(errors.New("opa /metrics has no go_memstats_mallocs_total"), sc.Err()))
	return 0
}
