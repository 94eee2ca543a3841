package gateway

import (
	"context"
	"log/slog"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// LeaseStore is the shared bucket the leases come from, and the count of
// live replicas that share it; *gateway/sqlstore.Store is the
// implementation.
type LeaseStore interface {
	Limiter
	// Heartbeat records that the replica name is serving at now.
	Heartbeat(ctx context.Context, name string, now time.Time) error
	// LiveReplicas counts the replicas whose last heartbeat is after since.
	LiveReplicas(ctx context.Context, since time.Time) (int, error)
}

// Lease sizing. A lease is about leaseSpan of this replica's share of the
// grant's rate, and at most a fair share of half the burst, so that a
// small limit (the demo's 120 a minute, burst 20) leases one token at a
// time and behaves exactly as the shared bucket alone.
const (
	leaseSpan     = 250 * time.Millisecond
	leaseMax      = 512
	leaseLifetime = time.Second // unspent leased tokens are dropped after this
)

// LeasedLimiter is the Limiter of a replica: it takes tokens from the
// shared bucket a lease (a chunk) at a time and spends them locally, so
// that a busy grant costs one shared-row update per lease, not per lookup.
//
// NOTE: the overshoot is bounded: leased tokens come out of the shared
// bucket when leased, so over any interval the replicas spend at most
// what the shared bucket allows plus, per replica, the one lease it held
// when the interval began (at most leaseMax tokens, and a fair share of
// half the burst); an unspent lease lapses after leaseLifetime. A 429 and
// its Retry-After come from the shared bucket, as without leases.
type LeasedLimiter struct {
	Store LeaseStore
	// Name is this replica's name in the heartbeats.
	Name string

	replicas atomic.Int32 // live replicas, at least 1
	mu       sync.Mutex
	buckets  map[string]*lease
}

// lease is a replica's unspent tokens of one bucket.
type lease struct {
	mu      sync.Mutex
	tokens  int
	expires time.Time
}

// Take implements Limiter: cost tokens from the local lease, refilled
// from the shared bucket when it runs short.
func (l *LeasedLimiter) Take(ctx context.Context, key string, limit catalog.RateLimit, cost int, now time.Time) (time.Duration, error) {
	if limit.PerMinute <= 0 {
		return 0, nil
	}
	cost = max(cost, 1)
	b := l.bucket(key)
	b.mu.Lock()
	defer b.mu.Unlock()
	if now.After(b.expires) {
		b.tokens = 0
	}
	if b.tokens >= cost {
		b.tokens -= cost
		return 0, nil
	}
	size := max(l.leaseSize(limit), cost-b.tokens)
	wait, err := l.Store.Take(ctx, key, limit, size, now)
	if err == nil && wait > 0 && size > cost-b.tokens {
		size = cost - b.tokens // the bucket is short of a lease: take only what this lookup needs
		wait, err = l.Store.Take(ctx, key, limit, size, now)
	}
	if err != nil || wait > 0 {
		return wait, err
	}
	b.tokens += size - cost
	b.expires = now.Add(leaseLifetime)
	return 0, nil
}

func (l *LeasedLimiter) bucket(key string) *lease {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*lease{}
	}
	b := l.buckets[key]
	if b == nil {
		b = &lease{}
		l.buckets[key] = b
	}
	return b
}

// leaseSize is the chunk for limit: leaseSpan of this replica's share of
// the rate, within [1, min(leaseMax, burst / 2 / replicas)].
func (l *LeasedLimiter) leaseSize(limit catalog.RateLimit) int {
	replicas := float64(max(l.replicas.Load(), 1))
	share := float64(limit.PerMinute) / float64(time.Minute) * float64(leaseSpan) / replicas
	fair := float64(max(limit.Burst, 1)) / 2 / replicas
	return int(max(1, math.Floor(min(share, fair, leaseMax))))
}

// Replicas returns the number of live replicas the leases are sized for.
func (l *LeasedLimiter) Replicas() int { return int(max(l.replicas.Load(), 1)) }

// heartbeatEvery is how often a replica says it is live; it counts as
// live for three beats.
const heartbeatEvery = 5 * time.Second

// Run beats this replica's heartbeat and recounts the live replicas until
// ctx ends. Until the first count the limiter assumes it is alone.
func (l *LeasedLimiter) Run(ctx context.Context, log *slog.Logger) {
	t := time.NewTicker(heartbeatEvery)
	defer t.Stop()
	for {
		l.beat(ctx, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (l *LeasedLimiter) beat(ctx context.Context, log *slog.Logger) {
	now := time.Now()
	err := l.Store.Heartbeat(ctx, l.Name, now)
	var n int
	if err == nil {
		n, err = l.Store.LiveReplicas(ctx, now.Add(-3*heartbeatEvery))
	}
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("rate-limit leases: the live replicas cannot be counted; keeping the last count", "err", err)
		}
		return
	}
	l.replicas.Store(int32(max(n, 1)))
}
