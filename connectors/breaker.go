package connectors

import (
	"sync"
	"time"
)

// BreakerState is the state of a circuit breaker.
type BreakerState int

// Breaker states.
const (
	// BreakerClosed lets every call through and counts failures.
	BreakerClosed BreakerState = iota
	// BreakerOpen refuses calls until its cool-down has passed.
	BreakerOpen
	// BreakerHalfOpen lets a few trial calls through: a success closes the
	// breaker, a failure opens it again.
	BreakerHalfOpen
)

// String returns closed, open or half_open, as metrics label them.
func (s BreakerState) String() string {
	switch s {
	case BreakerOpen:
		return "open"
	case BreakerHalfOpen:
		return "half_open"
	}
	return "closed"
}

// BreakerConfig tunes a circuit breaker. Zero fields take the defaults.
type BreakerConfig struct {
	// Failures is the number of consecutive failed calls that opens the
	// breaker; default 5.
	Failures int
	// OpenFor is how long an open breaker refuses calls before it lets
	// trial calls through; default 5s.
	OpenFor time.Duration
	// Probes is how many trial calls may run at once when half open;
	// default 1.
	Probes int
}

// withDefaults fills in zero fields.
func (c BreakerConfig) withDefaults() BreakerConfig {
	if c.Failures <= 0 {
		c.Failures = 5
	}
	if c.OpenFor <= 0 {
		c.OpenFor = 5 * time.Second
	}
	if c.Probes <= 0 {
		c.Probes = 1
	}
	return c
}

// Breaker is a circuit breaker guarding one upstream. It is safe for
// concurrent use.
type Breaker struct {
	cfg BreakerConfig
	now func() time.Time // replaced in tests

	mu       sync.Mutex
	state    BreakerState
	gen      uint64 // bumps on every state change; stale outcomes are dropped
	failures int
	openedAt time.Time
	probes   int
}

// NewBreaker returns a closed breaker.
func NewBreaker(cfg BreakerConfig) *Breaker {
	return &Breaker{cfg: cfg.withDefaults(), now: time.Now}
}

// State returns the current state. An open breaker whose cool-down has
// passed reports BreakerHalfOpen: its next call is a trial.
func (b *Breaker) State() BreakerState {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == BreakerOpen && b.now().Sub(b.openedAt) >= b.cfg.OpenFor {
		return BreakerHalfOpen
	}
	return b.state
}

// outcome is how a call guarded by the breaker ended.
type outcome int

const (
	success outcome = iota // the upstream worked (including a 404)
	failure                // the upstream failed
	ignored                // says nothing about the upstream (caller gave up)
)

// ticket is a permitted call; pass it back to done.
type ticket struct {
	gen   uint64
	probe bool
}

// allow asks to make a call. It returns false while the breaker is open, or
// half open with all trial slots taken.
func (b *Breaker) allow() (ticket, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == BreakerOpen && b.now().Sub(b.openedAt) >= b.cfg.OpenFor {
		b.setState(BreakerHalfOpen)
	}
	switch b.state {
	case BreakerOpen:
		return ticket{}, false
	case BreakerHalfOpen:
		if b.probes >= b.cfg.Probes {
			return ticket{}, false
		}
		b.probes++
		return ticket{gen: b.gen, probe: true}, true
	}
	return ticket{gen: b.gen}, true
}

// done records how a permitted call ended.
func (b *Breaker) done(t ticket, o outcome) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t.gen != b.gen {
		return // the state changed while the call ran
	}
	if t.probe {
		b.probes--
	}
	switch {
	case o == ignored:
	case o == success && b.state == BreakerHalfOpen:
		b.setState(BreakerClosed)
	case o == success:
		b.failures = 0
	case b.state == BreakerHalfOpen:
		b.setState(BreakerOpen)
	default:
		b.failures++
		if b.failures >= b.cfg.Failures {
			b.setState(BreakerOpen)
		}
	}
}

// setState moves to s; the caller holds mu.
func (b *Breaker) setState(s BreakerState) {
	b.state, b.gen, b.failures, b.probes = s, b.gen+1, 0, 0
	if s == BreakerOpen {
		b.openedAt = b.now()
	}
}
