package connectors_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/connectors/sim"
	"github.com/gdx-exchange/gdx/connectors/sim/simtest"
)

func TestRetries(t *testing.T) {
	tests := []struct {
		name         string
		failNext     int
		status       int
		wantKind     catalog.Kind // "" for success
		wantRequests int64
	}{
		{"503 twice then success", 2, 503, "", 3},
		{"502 once then success", 1, 502, "", 2},
		{"504 on every attempt", 3, 504, catalog.KindUpstream, 3},
		{"500 is not retried", 1, 500, catalog.KindUpstream, 1},
		{"429 is not retried", 1, 429, catalog.KindUpstream, 1},
		{"400 is not retried", 1, 400, catalog.KindUpstream, 1},
		{"403 is not retried", 1, 403, catalog.KindUpstream, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.juristic.FailNext(tt.failNext, tt.status)
			_, err := f.fetch(t, demo.CompanyDataset, demo.CompanyKey(1))
			if tt.wantKind == "" && err != nil {
				t.Fatalf("err = %v, want success", err)
			}
			if tt.wantKind != "" {
				checkKind(t, err, tt.wantKind, "")
			}
			if n := f.juristic.Requests(); n != tt.wantRequests {
				t.Errorf("%d requests, want %d", n, tt.wantRequests)
			}
		})
	}
}

func TestErrorRateWithRetries(t *testing.T) {
	f := newFixture(t, func(u *connectors.Upstream) { u.MaxAttempts = 5; u.Breaker.Failures = 1000 })
	if err := f.civil.SetFaults(sim.Faults{ErrorRate: 0.5}); err != nil {
		t.Fatal(err)
	}
	ok := 0
	for range 40 {
		if _, err := f.fetch(t, demo.PersonDataset, demo.PersonKey(42)); err == nil {
			ok++
		} else {
			checkKind(t, err, catalog.KindUpstream, connectors.ReasonUpstreamError)
		}
	}
	// Each fetch fails only if 5 attempts in a row fail: 1 in 32.
	if ok < 32 || f.civil.Requests() <= 40 {
		t.Errorf("%d of 40 fetches succeeded in %d requests; retries are not working", ok, f.civil.Requests())
	}
}

func TestHangVersusDeadline(t *testing.T) {
	tests := []struct {
		name     string
		timeout  time.Duration // connector's Timeout
		deadline time.Duration // caller's
		within   time.Duration
	}{
		{"connector timeout first", 300 * time.Millisecond, 10 * time.Second, time.Second},
		{"caller deadline first", 10 * time.Second, 150 * time.Millisecond, 800 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(u *connectors.Upstream) { u.Timeout = tt.timeout; u.AttemptTimeout = tt.timeout })
			if err := f.civil.SetFaults(sim.Faults{Hang: true}); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), tt.deadline)
			defer cancel()
			start := time.Now()
			_, err := f.reg.Fetch(ctx, dataset(t, demo.PersonDataset), demo.PersonKey(1))
			if d := time.Since(start); d > tt.within {
				t.Errorf("Fetch took %s against a hung upstream, want under %s", d, tt.within)
			}
			checkKind(t, err, catalog.KindTimeout, connectors.ReasonTimeout)
		})
	}
}

func TestLatencyRetriedPerAttempt(t *testing.T) {
	f := newFixture(t, func(u *connectors.Upstream) { u.AttemptTimeout = 100 * time.Millisecond; u.Timeout = time.Second })
	if err := f.civil.SetFaults(sim.Faults{Latency: 150 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	_, err := f.fetch(t, demo.PersonDataset, demo.PersonKey(1))
	checkKind(t, err, catalog.KindTimeout, connectors.ReasonTimeout)
	if n := f.civil.Requests(); n != 3 {
		t.Errorf("%d attempts, want 3 (a slow attempt is retried)", n)
	}
}

func TestCanceledContext(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.reg.Fetch(ctx, dataset(t, demo.PersonDataset), demo.PersonKey(1))
	checkKind(t, err, catalog.KindUnavailable, connectors.ReasonCanceled)
	if f.civil.Requests() != 0 {
		t.Error("a canceled request reached the upstream")
	}
}

func TestBreakerOpensAndHalfOpens(t *testing.T) {
	f := newFixture(t, func(u *connectors.Upstream) {
		u.MaxAttempts = 1
		u.Breaker = connectors.BreakerConfig{Failures: 3, OpenFor: 200 * time.Millisecond}
	})
	state := func() connectors.BreakerState { return f.reg.Breakers()[connectors.JuristicRegistry] }
	f.juristic.FailNext(1000, 503)
	for range 3 {
		_, err := f.fetch(t, demo.CompanyDataset, demo.CompanyKey(1))
		checkKind(t, err, catalog.KindUpstream, connectors.ReasonUpstreamError)
	}
	if state() != connectors.BreakerOpen {
		t.Fatalf("after 3 failures the breaker is %s, want open", state())
	}
	_, err := f.fetch(t, demo.CompanyDataset, demo.CompanyKey(1))
	checkKind(t, err, catalog.KindUnavailable, connectors.ReasonCircuitOpen)
	if n := f.juristic.Requests(); n != 3 {
		t.Errorf("an open breaker let a call through: %d requests", n)
	}
	if got := f.reg.Breakers()[connectors.CivilRegistry]; got != connectors.BreakerClosed {
		t.Errorf("the civil registry's breaker is %s; breakers are per upstream", got)
	}

	time.Sleep(250 * time.Millisecond)
	if state() != connectors.BreakerHalfOpen {
		t.Fatalf("after the cool-down the breaker is %s, want half_open", state())
	}
	_, err = f.fetch(t, demo.CompanyDataset, demo.CompanyKey(1)) // the trial fails
	checkKind(t, err, catalog.KindUpstream, "")
	if state() != connectors.BreakerOpen {
		t.Fatalf("after a failed trial the breaker is %s, want open", state())
	}

	time.Sleep(250 * time.Millisecond)
	f.juristic.FailNext(0, 0)
	if _, err := f.fetch(t, demo.CompanyDataset, demo.CompanyKey(1)); err != nil {
		t.Fatalf("trial call: %v", err)
	}
	if state() != connectors.BreakerClosed {
		t.Errorf("after a good trial the breaker is %s, want closed", state())
	}
}

func TestWrongCertificates(t *testing.T) {
	f := newFixture(t)
	agency := simtest.KeyPair(t, must[*certs.Credential](t)(f.pki.CA.IssueAgency("DLA", 0)))
	stranger := simtest.NewPKI(t)
	tests := []struct {
		name string
		edit func(*connectors.Upstream)
	}{
		{"agency certificate refused by the simulator", func(u *connectors.Upstream) { u.TLS = f.pki.ClientTLS(agency) }},
		{"simulator certificate from an untrusted CA", func(u *connectors.Upstream) { u.TLS = stranger.GatewayTLS() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry(t, f, tt.edit)
			_, err := reg.Fetch(context.Background(), dataset(t, demo.PersonDataset), demo.PersonKey(1))
			checkKind(t, err, catalog.KindUpstream, connectors.ReasonUnreachable)
		})
	}
	if n := f.civil.Requests(); n != 0 {
		t.Errorf("%d requests got past the TLS handshake", n)
	}
}

func TestConcurrentFetches(t *testing.T) {
	f := newFixture(t, func(u *connectors.Upstream) { u.Breaker.Failures = 1000 })
	if err := f.juristic.SetFaults(sim.Faults{ErrorRate: 0.2}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 25 {
				_, err := f.fetch(t, demo.CompanyDataset, demo.CompanyKey(g*25+i))
				if err != nil && !catalog.IsKind(err, catalog.KindUpstream) {
					t.Errorf("fetch: %v", err)
				}
				_ = f.reg.Breakers()
			}
		})
	}
	wg.Wait()
}

func must[T any](tb testing.TB) func(T, error) T {
	return func(v T, err error) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}
