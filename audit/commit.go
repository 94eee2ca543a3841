package audit

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// chainState is the loop's view of its chain.
//
// NOTE: head only ever holds a link the store has confirmed. It advances
// after a commit succeeds, never before, so a failed batch leaves it where
// it was; when a failure leaves the store's state unknown, resync makes the
// next batch re-read the stored head instead of guessing.
type chainState struct {
	head           Link
	resync         bool
	uncheckpointed int64 // links after the last checkpoint this writer knows of
}

// run is the writer's loop: it commits batches as they come and signs
// checkpoints, until Close closes the queue and the queue is drained.
func (w *Writer) run() {
	defer close(w.done)
	tick := time.NewTicker(w.cfg.CheckpointInterval)
	defer tick.Stop()
	for {
		select {
		case p, ok := <-w.queue:
			if !ok {
				w.err = w.checkpoint()
				return
			}
			w.commit(w.collect(p))
			if w.chain.uncheckpointed >= int64(w.cfg.CheckpointEvery) {
				_ = w.checkpoint() // counted in Stats; the next one retries
			}
		case <-tick.C:
			_ = w.checkpoint()
		}
	}
}

// collect returns a batch starting with first: whatever else is queued, up
// to BatchMax, waiting up to BatchWait for more.
func (w *Writer) collect(first *pending) []*pending {
	batch := []*pending{first}
	var timeout <-chan time.Time
	if w.cfg.BatchWait > 0 {
		t := time.NewTimer(w.cfg.BatchWait)
		defer t.Stop()
		timeout = t.C
	}
	for len(batch) < w.cfg.BatchMax {
		select {
		case p, ok := <-w.queue:
			if !ok {
				return batch
			}
			batch = append(batch, p)
			continue
		default:
		}
		if timeout == nil {
			return batch
		}
		select {
		case p, ok := <-w.queue:
			if !ok {
				return batch
			}
			batch = append(batch, p)
		case <-timeout:
			return batch
		}
	}
	return batch
}

// commit seals the batch onto the chain, stores it in one transaction
// and answers every waiter.
func (w *Writer) commit(batch []*pending) {
	if err := w.resync(); err != nil {
		w.answer(batch, nil, nil, err)
		return
	}
	// The bound is a context shared by the batches of 50 ms, not one
	// context and timer per batch; deadlines are on the real clock.
	events, taken, err := w.write(w.commitWaits.Context(time.Now()), batch)
	defer w.riding.finish()
	defer clear(events) // each waiter gets its copy; the array waits for the next batch
	if err != nil && (len(events) == 0 || !w.reconcile(events[len(events)-1])) {
		w.answer(batch, nil, nil, fmt.Errorf("audit: append %d events to chain %s: %w", len(batch), w.cfg.Writer, err))
		return
	}
	last := events[len(events)-1]
	w.chain.head = Link{Writer: last.Writer, Seq: last.Seq, Hash: last.Hash}
	w.chain.uncheckpointed += int64(len(events))
	w.stats.batches.Add(1)
	w.answer(batch, events, taken, nil)
}

// write stores the batch: with AppendBatch, or with the store's
// CommitBatch when an event of it carries a rider, so that the riders'
// claims and rows share the events' transaction. It returns the events as
// sealed (nil if they never were) and, per event, whether its claim was
// taken already.
func (w *Writer) write(ctx context.Context, batch []*pending) ([]Event, []bool, error) {
	if w.committer == nil || !hasRiders(batch) {
		events := seal(w.sealed, w.chain.head, batch, nil)
		w.sealed = events
		return events, nil, w.store.AppendBatch(ctx, events)
	}
	rb := &w.riding
	rb.start(batch)
	err := w.committer.CommitBatch(ctx, rb.claims, rb.build)
	return rb.events, rb.taken, err
}

func hasRiders(batch []*pending) bool {
	for _, p := range batch {
		if p.rider != nil {
			return true
		}
	}
	return false
}

// ridingBatch is the loop's state while it commits a batch with riders.
// NOTE: its slices are reused from batch to batch and build is made once
// (NewWriter), so that a batch allocates none of them; stores keep
// nothing of what build returns, and finish clears it all once the
// waiters have their answers.
type ridingBatch struct {
	w      *Writer
	batch  []*pending
	claims []Claim // the batch's claims, and for each
	owners []int   // the index of the event it rides with
	// events and taken are what the last build sealed (nil before it).
	events []Event
	taken  []bool
	rows   []Row
	build  func(claimTaken []bool) ([]Event, []Row, error)

	takenBuf []bool
}

// start begins the batch: its claims and their owners.
func (rb *ridingBatch) start(batch []*pending) {
	rb.batch, rb.events, rb.taken = batch, nil, nil
	rb.claims, rb.owners = rb.claims[:0], rb.owners[:0]
	for i, p := range batch {
		if p.rider != nil && p.rider.Claim != nil {
			rb.claims, rb.owners = append(rb.claims, *p.rider.Claim), append(rb.owners, i)
		}
	}
}

// buildBatch is CommitBatch's build: the events sealed with what the
// store learned of the claims, and the rows riding with them.
func (rb *ridingBatch) buildBatch(claimTaken []bool) ([]Event, []Row, error) {
	if len(claimTaken) != len(rb.claims) {
		return nil, nil, fmt.Errorf("audit: the store answered %d claims for %d", len(claimTaken), len(rb.claims))
	}
	n := len(rb.batch)
	rb.takenBuf = slices.Grow(rb.takenBuf[:0], n)[:n]
	clear(rb.takenBuf)
	rb.taken = rb.takenBuf
	for i, t := range claimTaken {
		rb.taken[rb.owners[i]] = rb.taken[rb.owners[i]] || t
	}
	w := rb.w
	w.sealed = seal(w.sealed, w.chain.head, rb.batch, rb.taken)
	rb.events = w.sealed
	rb.rows = rowsOf(rb.rows[:0], rb.batch, rb.events)
	return rb.events, rb.rows, nil
}

// finish drops what the batch left in rb, so that nothing of it is kept
// until the next.
func (rb *ridingBatch) finish() {
	clear(rb.claims)
	clear(rb.rows)
	rb.batch, rb.events, rb.taken, rb.rows = nil, nil, nil, rb.rows[:0]
}

// rowsOf appends the rows riding with the sealed events to rows.
func rowsOf(rows []Row, batch []*pending, events []Event) []Row {
	for i, p := range batch {
		if p.rider != nil && p.rider.Rows != nil {
			rows = append(rows, p.rider.Rows(events[i])...)
		}
	}
	return rows
}

// seal assigns the chain fields of the batch's events, in order, after
// head, into events (reused from batch to batch); an event whose claim
// was taken is first amended by its rider. Each event is sealed in place,
// since one handed to Taken by address would move to the heap.
func seal(events []Event, head Link, batch []*pending, taken []bool) []Event {
	events = slices.Grow(events[:0], len(batch))[:len(batch)]
	prev, seq := head.Hash, head.Seq
	for i, p := range batch {
		e := &events[i]
		*e = p.e
		if taken != nil && taken[i] && p.rider.Taken != nil {
			p.rider.Taken(e)
			*e = normalize(*e)
		}
		seq++
		e.Seq, e.PrevHash = seq, prev
		e.Hash = ChainHash(prev, *e)
		prev = e.Hash
	}
	return events
}

// answer gives every waiter its stored event, or err.
func (w *Writer) answer(batch []*pending, events []Event, taken []bool, err error) {
	if err != nil {
		err = unavailable(err)
		w.stats.failed.Add(uint64(len(batch)))
	} else {
		w.stats.committed.Add(uint64(len(batch)))
	}
	for i, p := range batch {
		if err != nil {
			p.done <- result{err: err}
			continue
		}
		p.done <- result{e: events[i], taken: taken != nil && taken[i]}
	}
}

// resync re-reads the stored head after a failure left it unknown.
func (w *Writer) resync() error {
	if !w.chain.resync {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), w.cfg.CommitTimeout)
	defer cancel()
	head, err := w.store.LastLink(ctx, w.cfg.Writer)
	if err != nil {
		return fmt.Errorf("audit: re-read head of chain %s: %w", w.cfg.Writer, err)
	}
	w.chain.head, w.chain.resync = head, false
	return nil
}

// reconcile decides, after AppendBatch failed, whether the batch ending in
// last was committed anyway (a commit whose answer was lost): it was if the
// stored head is last. Otherwise the writer continues from the stored head
// (which another process writing as this writer may have moved), or, if
// the head cannot be read, re-reads it before the next batch.
func (w *Writer) reconcile(last Event) bool {
	w.chain.resync = true
	if err := w.resync(); err != nil {
		return false
	}
	return w.chain.head.Seq == last.Seq && w.chain.head.Hash == last.Hash
}

// checkpoint signs and stores a checkpoint of the head, if links came after
// the last one. A checkpoint that already exists at that Seq counts as done.
func (w *Writer) checkpoint() error {
	if w.chain.uncheckpointed == 0 || w.chain.head.Seq == 0 {
		return nil
	}
	c := SignCheckpoint(w.cfg.Key, w.chain.head, w.cfg.Now())
	ctx, cancel := context.WithTimeout(context.Background(), w.cfg.CommitTimeout)
	defer cancel()
	err := w.store.AddCheckpoint(ctx, c)
	if err != nil && !catalog.IsKind(err, catalog.KindConflict) {
		w.stats.checkpointErrors.Add(1)
		return fmt.Errorf("audit: checkpoint chain %s at %d: %w", c.Writer, c.Seq, err)
	}
	w.chain.uncheckpointed = 0
	w.stats.checkpoints.Add(1)
	return nil
}
