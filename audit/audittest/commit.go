package audittest

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// testGroupCommit appends 200 events at once: every Append returns only
// once its event is stored, and the events share fewer transactions.
func testGroupCommit(t *testing.T, open func(t *testing.T) Harness) {
	f := &faultyStore{Store: open(t).Store}
	w := newWriter(t, f, "gw-1", audit.Config{BatchWait: time.Millisecond})
	const n = 200
	start := make(chan struct{})
	got := make([]audit.Event, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			got[i], errs[i] = w.Append(ctx, lookup(i))
		})
	}
	close(start)
	wg.Wait()
	stored := chain(t, f, "gw-1")
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
		if e := got[i]; e.Seq < 1 || e.Seq > int64(len(stored)) || stored[e.Seq-1].ID != e.ID {
			t.Fatalf("Append %d returned seq %d (%s), which is not stored", i, e.Seq, e.ID)
		}
		// The writer reuses its batch array: what Append returned must
		// still be this event, whole, after later batches were sealed.
		if e, s := got[i], stored[got[i].Seq-1]; e.RequestID != lookup(i).RequestID || !reflect.DeepEqual(e, s) {
			t.Fatalf("Append %d returned %+v, stored %+v", i, e, s)
		}
	}
	if len(stored) != n {
		t.Fatalf("chain has %d links, want %d", len(stored), n)
	}
	if st := w.Stats(); f.calls() >= n || st.Committed != n || st.Batches != uint64(f.calls()) {
		t.Errorf("%d events took %d transactions (stats %+v); want fewer transactions than events", n, f.calls(), st)
	}
	t.Logf("%d events in %d transactions", n, f.calls())
	must(t, w.Close())
	verifyOK(t, f, n, "gw-1")
}

// testStoreFailure fails the store under a writer: every Append of a
// failed batch fails, and the chain goes on unbroken once the store is
// back, also after a commit whose answer was lost.
func testStoreFailure(t *testing.T, open func(t *testing.T) Harness) {
	f := &faultyStore{Store: open(t).Store}
	w := newWriter(t, f, "gw-1", audit.Config{})
	down := errors.New("disk full")
	steps := []struct {
		name   string
		faults faults
		n      int
		kind   catalog.Kind
	}{
		{"healthy", faults{}, 3, ""},
		{"writes fail: every waiter gets unavailable", faults{failWrites: down}, 5, catalog.KindUnavailable},
		{"database gone: reads fail too", faults{failWrites: down, failReads: down}, 2, catalog.KindUnavailable},
		{"back: the chain continues", faults{}, 3, ""},
		{"commit answer lost: found committed", faults{loseAnswer: errors.New("connection reset")}, 1, ""},
		{"healthy again", faults{}, 2, ""},
	}
	committed := 0
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			f.set(st.faults)
			for _, err := range appendAll(w, st.n) {
				wantKind(t, err, st.kind)
			}
			if st.kind == "" {
				committed += st.n
			}
			if got := len(chain(t, f, "gw-1")); got != committed {
				t.Errorf("chain has %d links, want %d", got, committed)
			}
		})
	}
	must(t, w.Close())
	verifyOK(t, f, int64(committed), "gw-1")
}

// appendAll appends n sample lookups at once and returns their errors.
func appendAll(w *audit.Writer, n int) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, errs[i] = w.Append(ctx, lookup(i)) })
	}
	wg.Wait()
	return errs
}

// testQueueFull holds the store so that the queue fills: the next Append
// fails at once instead of waiting or growing the queue.
func testQueueFull(t *testing.T, open func(t *testing.T) Harness) {
	f := &faultyStore{Store: open(t).Store}
	release := f.holdWrites()
	defer release()
	w := newWriter(t, f, "gw-1", audit.Config{QueueMax: 2, BatchMax: 1})
	results := make(chan error, 3)
	go func() { results <- appendOne(w, ctx) }()
	<-f.held // the loop holds event 1 in the store
	for range 2 {
		go func() { results <- appendOne(w, ctx) }()
	}
	eventually(t, "a full queue", func() bool { return w.QueueDepth() == 2 })
	began := time.Now()
	wantKind(t, appendOne(w, ctx), catalog.KindUnavailable)
	if waited := time.Since(began); waited > time.Second {
		t.Errorf("a full queue made Append wait %v", waited)
	}
	if st := w.Stats(); st.Rejected != 1 {
		t.Errorf("stats %+v, want 1 rejected", st)
	}
	release()
	for range 3 {
		must(t, <-results)
	}
	must(t, w.Close())
	verifyOK(t, f, 3, "gw-1")
}

func appendOne(w *audit.Writer, ctx context.Context) error {
	_, err := w.Append(ctx, lookup(0))
	return err
}

// testClose closes a writer with events queued behind a held store: Close
// commits them all, and the writer refuses events afterwards.
func testClose(t *testing.T, open func(t *testing.T) Harness) {
	f := &faultyStore{Store: open(t).Store}
	release := f.holdWrites()
	defer release()
	w := newWriter(t, f, "gw-1", audit.Config{BatchMax: 1})
	results := make(chan error, 3)
	go func() { results <- appendOne(w, ctx) }()
	<-f.held
	for range 2 {
		go func() { results <- appendOne(w, ctx) }()
	}
	eventually(t, "two queued events", func() bool { return w.QueueDepth() == 2 })
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	wantKind(t, appendOne(w, short), catalog.KindUnavailable) // its waiter gives up; the event stays queued
	closed := make(chan error, 1)
	go func() { closed <- w.Close() }()
	release()
	must(t, <-closed)
	for range 3 {
		must(t, <-results)
	}
	wantKind(t, appendOne(w, ctx), catalog.KindUnavailable)
	must(t, w.Close())
	verifyOK(t, f, 4, "gw-1")
	cps, err := f.ListCheckpoints(ctx, "gw-1", 0, 10)
	must(t, err)
	if len(cps) != 1 || cps[0].Seq != 4 {
		t.Errorf("checkpoints %+v, want the one Close signed at seq 4", cps)
	}
}

// testCheckpointInterval checks that new links are checkpointed within the
// interval, and that an idle writer signs nothing new.
func testCheckpointInterval(t *testing.T, open func(t *testing.T) Harness) {
	s := open(t).Store
	w := newWriter(t, s, "gw-1", audit.Config{CheckpointInterval: 20 * time.Millisecond})
	lastCheckpoint := func() int64 {
		cps, err := s.ListCheckpoints(ctx, "gw-1", 0, 100)
		must(t, err)
		if len(cps) == 0 {
			return 0
		}
		return cps[len(cps)-1].Seq
	}
	appendN(t, w, 1)
	eventually(t, "a checkpoint at seq 1", func() bool { return lastCheckpoint() == 1 })
	time.Sleep(60 * time.Millisecond)
	if st := w.Stats(); st.Checkpoints != 1 {
		t.Errorf("an idle writer signed again: %+v", st)
	}
	appendN(t, w, 2)
	eventually(t, "a checkpoint at seq 3", func() bool { return lastCheckpoint() == 3 })
	must(t, w.Close())
	verifyOK(t, s, 3, "gw-1")
}
