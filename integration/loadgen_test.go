package integration

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// loadTarget is one server the load generator drives: every request is a
// GET of paths[i % len(paths)] carrying the Authorization header auth(i).
type loadTarget struct {
	name   string
	base   string // https://host:port
	paths  []string
	auth   func(i int) string
	client *http.Client
}

// newLoadClient returns an HTTP/1.1 client presenting cert, trusting
// roots, keeping up to conns connections alive to one host and never
// opening more.
func newLoadClient(cert tls.Certificate, roots *x509.CertPool, conns int) *http.Client {
	cfg := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12,
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &cert, nil }}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		TLSClientConfig: cfg, MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns,
		IdleConnTimeout: time.Minute, DisableCompression: true,
	}}
}

// loadResult is one run against one target.
type loadResult struct {
	Target   string
	Mode     string // "closed c=N" or "rate R/s"
	Requests int
	Errors   int // transport errors and non-200 answers
	Elapsed  time.Duration
	lat      []time.Duration
	firstErr string
	cpu      string // CPU accounting, filled by the caller
	// timeline is, for a fixed-rate run, each answered request's due
	// time (since the run's start) and latency, in the order answered.
	timeline []timedLatency
}

// timedLatency is one request of a fixed-rate run.
type timedLatency struct{ at, lat time.Duration }

// Throughput is the completed requests per second.
func (r loadResult) Throughput() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// Quantile returns the q-quantile latency (nearest rank).
func (r loadResult) Quantile(q float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[int(q*float64(len(r.lat)-1)+0.5)]
}

func (r loadResult) String() string {
	s := fmt.Sprintf("%-8s %-12s %7d req in %6.2fs = %7.0f req/s   p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   errors %d",
		r.Target, r.Mode, r.Requests, r.Elapsed.Seconds(), r.Throughput(), ms(r.Quantile(0.50)), ms(r.Quantile(0.99)),
		ms(r.Quantile(1)), r.Errors)
	if r.firstErr != "" {
		s += " (first: " + r.firstErr + ")"
	}
	return s
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 }

// do sends request i and reports whether it was answered 200; the body is
// read to the end so that the connection is reused.
func (tg *loadTarget) do(ctx context.Context, i int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, tg.base+tg.paths[i%len(tg.paths)], nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", tg.auth(i))
	res, err := tg.client.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %.200s", res.StatusCode, body)
	}
	return nil
}

// collector gathers latencies and errors from many goroutines.
type collector struct {
	mu       sync.Mutex
	lat      []time.Duration
	timeline []timedLatency
	errors   int
	firstErr string
}

func (c *collector) add(d time.Duration, err error) { c.addAt(-1, d, err) }

// addAt adds a request due at offset at of its run (-1: not timed).
func (c *collector) addAt(at, d time.Duration, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.errors++
		if c.firstErr == "" {
			c.firstErr = err.Error()
		}
		return
	}
	c.lat = append(c.lat, d)
	if at >= 0 {
		c.timeline = append(c.timeline, timedLatency{at, d})
	}
}

func (c *collector) result(target, mode string, requests int, elapsed time.Duration) loadResult {
	slices.Sort(c.lat)
	return loadResult{Target: target, Mode: mode, Requests: requests, Errors: c.errors, Elapsed: elapsed,
		lat: c.lat, firstErr: c.firstErr, timeline: c.timeline}
}

// slowBursts describes when a fixed-rate run's requests slower than limit
// were due: how many, and in how many bursts (slow requests due within
// 20 ms of each other count as one), with the largest bursts' times.
func (r loadResult) slowBursts(limit time.Duration) string {
	var slow []time.Duration
	for _, tl := range r.timeline {
		if tl.lat > limit {
			slow = append(slow, tl.at)
		}
	}
	if len(slow) == 0 {
		return fmt.Sprintf("no request above %s", limit)
	}
	slices.Sort(slow)
	type burst struct {
		start time.Duration
		n     int
	}
	bursts := []burst{{slow[0], 1}}
	for i := 1; i < len(slow); i++ {
		if slow[i]-slow[i-1] > 20*time.Millisecond {
			bursts = append(bursts, burst{slow[i], 0})
		}
		bursts[len(bursts)-1].n++
	}
	largest := slices.Clone(bursts)
	slices.SortFunc(largest, func(a, b burst) int { return b.n - a.n })
	var top []string
	for _, b := range largest[:min(5, len(largest))] {
		top = append(top, fmt.Sprintf("%d at %.2fs", b.n, b.start.Seconds()))
	}
	return fmt.Sprintf("%d requests above %s (%.2f%%), due in %d bursts; largest: %s", len(slow), limit,
		100*float64(len(slow))/float64(len(r.timeline)), len(bursts), strings.Join(top, ", "))
}

// runClosed sends requests first…first+n-1 from conc goroutines, each
// sending its next request as soon as the last is answered: the target's
// throughput at that concurrency.
func runClosed(tg *loadTarget, first, n, conc int) loadResult {
	col := &collector{lat: make([]time.Duration, 0, n)}
	var next atomic.Int64
	next.Store(int64(first))
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= first+n {
					return
				}
				t0 := time.Now()
				err := tg.do(context.Background(), i)
				col.add(time.Since(t0), err)
			}
		})
	}
	wg.Wait()
	return col.result(tg.name, fmt.Sprintf("closed c=%d", conc), n, time.Since(start))
}

// runRate sends requests first…first+n-1 at a fixed rate, open loop:
// request k is due at start + k/rate whatever happened to earlier ones,
// and its latency counts from that moment, so a stall shows in the
// percentiles instead of slowing the generator down (no coordinated
// omission). Up to maxInFlight requests are outstanding at once.
func runRate(tg *loadTarget, first, n int, rate float64, maxInFlight int) loadResult {
	col := &collector{lat: make([]time.Duration, 0, n)}
	due := make(chan struct {
		i  int
		at time.Time
	}, n)
	start := time.Now()
	var wg sync.WaitGroup
	for range maxInFlight {
		wg.Go(func() {
			for r := range due {
				err := tg.do(context.Background(), r.i)
				col.addAt(r.at.Sub(start), time.Since(r.at), err)
			}
		})
	}
	interval := time.Duration(float64(time.Second) / rate)
	for k := range n {
		at := start.Add(time.Duration(k) * interval)
		if d := time.Until(at); d > 0 {
			time.Sleep(d)
		}
		due <- struct {
			i  int
			at time.Time
		}{first + k, at}
	}
	close(due)
	wg.Wait()
	return col.result(tg.name, fmt.Sprintf("rate %.0f/s", rate), n, time.Since(start))
}
