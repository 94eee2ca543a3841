// Package deadline hands out contexts that bound a wait without a context
// and timer of its own per call: Shared gives every call within one grain
// the same context, ending between D and D+Grain after the call. It suits
// waits that must not end with their caller's request (an audit commit)
// and read no values from their context. It imports nothing of ours.
package deadline

import (
	"context"
	"sync/atomic"
	"time"
)

// Shared hands out contexts that end between D and D+Grain from now. It is
// safe for concurrent use; its zero value needs D and Grain set.
type Shared struct {
	D, Grain time.Duration
	cur      atomic.Pointer[minted]
}

// minted is a context shared by the calls of one grain.
type minted struct {
	ctx     context.Context
	at      time.Time
	release context.CancelFunc // never needed: the context's own timer ends it at its deadline
}

// Context returns a context whose deadline is at least D after now and at
// most D+Grain after it. Its timer releases it at that deadline.
func (s *Shared) Context(now time.Time) context.Context {
	if c := s.cur.Load(); c != nil && !now.Before(c.at) && now.Sub(c.at) < s.Grain {
		return c.ctx
	}
	ctx, release := context.WithDeadline(context.Background(), now.Add(s.D+s.Grain))
	s.cur.Store(&minted{ctx: ctx, at: now, release: release})
	return ctx
}
