package policies

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Engine decides lookups with the active Policy. Activation swaps the
// policy with one atomic pointer store, so a decision runs entirely on the
// old set or entirely on the new one, never on half of each; nothing is
// compiled per request. The zero Engine is ready and denies everything
// (reason no_policy) until a policy is activated. It is safe for
// concurrent use.
type Engine struct {
	active atomic.Pointer[Policy]
}

// NewEngine returns an engine with no active policy.
func NewEngine() *Engine { return &Engine{} }

// Activate makes p the policy of every later decision. p must come from
// Compile, which refuses sets that fail their tests or the safety probes.
func (e *Engine) Activate(p *Policy) {
	if p != nil {
		e.active.Store(p)
	}
}

// Load compiles and tests the set and, if it is accepted, activates it.
// A refused set (*RefusedError) leaves the active policy serving.
func (e *Engine) Load(ctx context.Context, version string, mods Modules) (Report, error) {
	p, rep, err := Compile(ctx, version, mods)
	if err != nil {
		return rep, err
	}
	e.Activate(p)
	return rep, nil
}

// Policy returns the active policy, or nil.
func (e *Engine) Policy() *Policy { return e.active.Load() }

// Version returns the active policy's version, or "" when none is.
func (e *Engine) Version() string {
	if p := e.active.Load(); p != nil {
		return p.version
	}
	return ""
}

// Decide evaluates the active policy for one lookup; see Policy.Decide.
// With no active policy it denies with reason no_policy and no error.
func (e *Engine) Decide(ctx context.Context, in Input) (Decision, error) {
	p := e.active.Load()
	if p == nil {
		d := deny("", ReasonNoPolicy)
		d.ID = newID()
		return d, nil
	}
	return p.Decide(ctx, in)
}

// DefaultPollInterval is how often a Watcher asks for the active version.
// With compile and tests well under a second, every replica converges
// within 5 s of an activation.
const DefaultPollInterval = time.Second

// ActiveSource is what a Watcher reads: VersionStore's two reads.
type ActiveSource interface {
	// ActiveVersionID returns the id of the active version, 0 if none.
	ActiveVersionID(ctx context.Context) (int64, error)
	// FindVersion returns the version with the id. Errors: not found.
	FindVersion(ctx context.Context, id int64) (Version, error)
}

// Watcher keeps an Engine on the active policy version of a store: it
// polls the active version id and, when it changes, compiles that version
// and swaps it in. A version that fails to compile here is reported once
// and skipped; the engine keeps serving what it has.
type Watcher struct {
	Source ActiveSource
	Engine *Engine
	// Interval between polls; zero means DefaultPollInterval. Keep it at
	// most 2 s.
	Interval time.Duration
	// Logger, if set, reports swaps and failures.
	Logger *slog.Logger

	mu     sync.Mutex
	failed int64 // the id that last failed to load here
}

// Run syncs at once and then every Interval until ctx ends; it returns
// ctx's error. Failures are reported through Logger and retried.
func (w *Watcher) Run(ctx context.Context) error {
	interval := w.Interval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := w.Sync(ctx); err != nil && ctx.Err() == nil {
			w.logger().Error("policy watcher: sync failed; retrying", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Sync loads the active version into the engine if it is not serving it
// already. A version that failed here before is not retried until
// another becomes active.
func (w *Watcher) Sync(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	id, err := w.Source.ActiveVersionID(ctx)
	if err != nil {
		return fmt.Errorf("read active policy version: %w", err)
	}
	if id == 0 || w.Engine.Version() == VersionLabel(id) || id == w.failed {
		return nil
	}
	v, err := w.Source.FindVersion(ctx, id)
	if err != nil {
		return fmt.Errorf("load policy %s: %w", VersionLabel(id), err)
	}
	if _, err := w.Engine.Load(ctx, v.Label(), v.Modules); err != nil {
		w.failed = id
		return fmt.Errorf("activate policy %s here: %w", v.Label(), err)
	}
	w.failed = 0
	w.logger().Info("policy watcher: now serving a new version", "version", v.Label())
	return nil
}

// logger returns Logger, or one that discards when it is nil.
func (w *Watcher) logger() *slog.Logger {
	if w.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Logger
}
