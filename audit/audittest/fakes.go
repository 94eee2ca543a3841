package audittest

import (
	"context"
	"sync"

	"github.com/gdx-exchange/gdx/audit"
)

// faultyStore wraps a store to count, fail or hold its writes.
type faultyStore struct {
	audit.Store

	mu         sync.Mutex
	appends    int           // AppendBatch calls
	failWrites error         // AppendBatch returns it without writing
	loseAnswer error         // AppendBatch writes, then returns it (the commit's answer lost)
	failReads  error         // LastLink returns it
	hold       chan struct{} // AppendBatch waits until it is closed
	held       chan struct{} // told, without blocking, when AppendBatch starts to wait
}

// faults is what the next calls of a faultyStore do.
type faults struct {
	failWrites, loseAnswer, failReads error
}

// set changes what the next calls do.
func (f *faultyStore) set(x faults) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failWrites, f.loseAnswer, f.failReads = x.failWrites, x.loseAnswer, x.failReads
}

// holdWrites makes AppendBatch wait until the returned release is called.
func (f *faultyStore) holdWrites() (release func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hold, f.held = make(chan struct{}), make(chan struct{}, 1)
	return sync.OnceFunc(func() { close(f.hold) })
}

// calls returns how many AppendBatch calls were made.
func (f *faultyStore) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.appends
}

// AppendBatch implements audit.Store with the faults set.
func (f *faultyStore) AppendBatch(ctx context.Context, events []audit.Event) error {
	f.mu.Lock()
	f.appends++
	fail, lose, hold, held := f.failWrites, f.loseAnswer, f.hold, f.held
	f.mu.Unlock()
	if hold != nil {
		select {
		case held <- struct{}{}:
		default:
		}
		<-hold
	}
	if fail != nil {
		return fail
	}
	if err := f.Store.AppendBatch(ctx, events); err != nil {
		return err
	}
	return lose
}

// LastLink implements audit.Store with the faults set.
func (f *faultyStore) LastLink(ctx context.Context, writer string) (audit.Link, error) {
	f.mu.Lock()
	fail := f.failReads
	f.mu.Unlock()
	if fail != nil {
		return audit.Link{}, fail
	}
	return f.Store.LastLink(ctx, writer)
}
