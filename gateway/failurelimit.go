package gateway

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/gdx-exchange/gdx/audit"
)

// Limits on auditing failed authentications, per client address: enough
// for every honest mistake to be recorded one by one, while a flood turns
// into one summary event per address and check each interval instead of
// filling the audit queue that real lookups wait on.
const (
	failureRate     = 5.0 // events a second, per address
	failureBurst    = 20
	failureInterval = 30 * time.Second
)

// failureLimiter decides which authentication failures are audited one by
// one and counts the rest.
type failureLimiter struct {
	mu         sync.Mutex
	buckets    map[string]*failureBucket
	suppressed map[[2]string]int // (address, check) → failures not audited one by one
}

type failureBucket struct {
	tokens float64
	last   time.Time
}

func newFailureLimiter() *failureLimiter {
	return &failureLimiter{buckets: map[string]*failureBucket{}, suppressed: map[[2]string]int{}}
}

// allow reports whether this failure from addr is audited on its own; if
// not, it is counted for the next summary.
func (l *failureLimiter) allow(addr, check string, now time.Time) bool {
	host := hostOf(addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[host]
	if b == nil {
		b = &failureBucket{tokens: failureBurst, last: now}
		l.buckets[host] = b
	}
	b.tokens = min(failureBurst, b.tokens+now.Sub(b.last).Seconds()*failureRate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true
	}
	l.suppressed[[2]string{host, check}]++
	return false
}

// drain returns the counts since the last drain and forgets idle buckets.
func (l *failureLimiter) drain(now time.Time) map[[2]string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.suppressed
	l.suppressed = map[[2]string]int{}
	for host, b := range l.buckets {
		if now.Sub(b.last) > failureInterval {
			delete(l.buckets, host)
		}
	}
	return out
}

func hostOf(addr string) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr
}

// summarizeFailures writes one event per address and check for the
// failures not audited one by one, every interval, until ctx ends.
func (s *apiServer) summarizeFailures(ctx context.Context) {
	t := time.NewTicker(failureInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			s.flushFailures(time.Now())
			return
		case now := <-t.C:
			s.flushFailures(now)
		}
	}
}

// flushFailures writes the summaries: one event per address and check,
// whose Count says how many failures it stands for.
func (s *apiServer) flushFailures(now time.Time) {
	for key, n := range s.failures.drain(now) {
		e := audit.Event{Kind: audit.KindAuthFailure, Decision: audit.DecisionDeny, ClientAddr: key[0], Check: key[1], Count: n}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if _, err := s.deps.Audit.Append(ctx, e); err != nil {
			s.log.Error("audit of an authentication failure summary failed", "check", key[1], "count", n, "err", err)
		}
		cancel()
	}
}
