package gateway

import (
	"context"
	"sync/atomic"
	"time"
)

// sharedDeadline hands out contexts that end between d and d+grain from
// now, one context for every request that starts within the same grain,
// so that a bound on a wait costs a request no context and timer of its
// own. It suits waits that must not end with the request (the audit's
// commit: context.WithoutCancel) and read no values from its context.
type sharedDeadline struct {
	d, grain time.Duration
	cur      atomic.Pointer[deadlineCtx]
}

// deadlineCtx is a context shared by the requests of one grain.
type deadlineCtx struct {
	ctx     context.Context
	minted  time.Time
	release context.CancelFunc // called by the context's own timer, at its deadline
}

// context returns a context whose deadline is at least d after now and at
// most d+grain after it.
func (s *sharedDeadline) context(now time.Time) context.Context {
	if c := s.cur.Load(); c != nil && !now.Before(c.minted) && now.Sub(c.minted) < s.grain {
		return c.ctx
	}
	ctx, release := context.WithDeadline(context.Background(), now.Add(s.d+s.grain))
	c := &deadlineCtx{ctx: ctx, minted: now, release: release}
	s.cur.Store(c)
	return ctx
}

// auditWaits bound the wait for an audit event to be durable (and for a
// settled token's durable record): auditTimeout, shared per 50 ms.
var auditWaits = &sharedDeadline{d: auditTimeout, grain: 50 * time.Millisecond}
