package audit

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/deadline"
)

// Config configures a Writer. Zero durations and counts take the defaults
// named below.
type Config struct {
	// Writer names this writer's chain: one per replica, stable across its
	// restarts (so that it resumes its chain), 1–64 of [A-Za-z0-9._:-].
	Writer string
	// Key signs the checkpoints; Verify needs its public half.
	Key ed25519.PrivateKey
	// BatchMax bounds the events committed in one transaction (256).
	BatchMax int
	// BatchWait is how long a batch waits for more events once the loop is
	// free (0). With 0 the loop commits at once what is queued; events
	// that arrive during a commit form the next batch, so batches grow
	// with load and an idle exchange adds no latency.
	BatchWait time.Duration
	// QueueMax bounds the events waiting for the loop (4096); Append fails
	// at once when the queue is full.
	QueueMax int
	// CheckpointEvery signs a checkpoint after this many events (1000).
	CheckpointEvery int
	// CheckpointInterval signs a checkpoint of new events after this long
	// (10s), whichever of the two comes first.
	CheckpointInterval time.Duration
	// CommitTimeout bounds one store call (5s).
	CommitTimeout time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

var writerName = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// withDefaults checks c and fills its zero fields.
func (c Config) withDefaults() (Config, error) {
	if !writerName.MatchString(c.Writer) {
		return c, fmt.Errorf("audit: writer name %q must be 1-64 of A-Z a-z 0-9 . _ : -", c.Writer)
	}
	if err := checkKey(c.Key); err != nil {
		return c, err
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.BatchMax, 256)
	def(&c.QueueMax, 4096)
	def(&c.CheckpointEvery, 1000)
	if c.CheckpointInterval <= 0 {
		c.CheckpointInterval = 10 * time.Second
	}
	if c.CommitTimeout <= 0 {
		c.CommitTimeout = 5 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c, nil
}

// Writer appends events to its own chain with group commit. It is safe for
// concurrent use; one background loop owns the chain state.
type Writer struct {
	cfg       Config
	store     Appender
	committer Committer // store, when it takes riders; else nil
	queue     chan *pending

	mu     sync.RWMutex // guards closed against sends on a closed queue
	closed bool
	done   chan struct{} // closed when the loop has drained and stopped
	err    error         // the loop's final checkpoint error, read after done

	chain chainState // owned by the loop
	// sealed is the loop's array for the batch being sealed and stored,
	// reused from batch to batch instead of a new one each (the events
	// are copied to their waiters, and stores keep no reference).
	sealed      []Event
	riding      ridingBatch // owned by the loop
	commitWaits *deadline.Shared
	stats       counters
}

// pending is a queued event and the channel its result goes to.
type pending struct {
	e     Event
	rider *Rider      // &riding, or nil
	done  chan result // buffered, so the loop never blocks on a waiter

	riding Rider
}

// pendings are reused from append to append: a pending goes back only
// once its waiter has received its result, after which the loop never
// touches it again (answer sends last). One whose waiter gave up is left
// to the collector, since the loop may still send to it.
var pendings = sync.Pool{New: func() any { return &pending{done: make(chan result, 1)} }}

type result struct {
	e     Event
	taken bool // the rider's claim was used already
	err   error
}

// NewWriter returns a Writer on store that resumes the chain cfg.Writer
// from its last stored link, and starts its loop. Close stops it. The
// chain may have been begun by an older release: its links keep their
// encoding version, and new links continue it at CanonicalVersion.
func NewWriter(ctx context.Context, store Appender, cfg Config) (*Writer, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	head, err := store.LastLink(ctx, cfg.Writer)
	if err != nil {
		return nil, unavailable(fmt.Errorf("audit: resume chain %s: %w", cfg.Writer, err))
	}
	w := &Writer{cfg: cfg, store: store, queue: make(chan *pending, cfg.QueueMax), done: make(chan struct{}),
		commitWaits: &deadline.Shared{D: cfg.CommitTimeout, Grain: min(cfg.CommitTimeout/10, 50*time.Millisecond)}}
	w.committer, _ = store.(Committer)
	w.riding.w = w
	w.riding.build = w.riding.buildBatch
	w.chain = chainState{head: head, uncheckpointed: min(head.Seq, 1)}
	go w.run()
	return w, nil
}

// Name returns the writer's name, the Writer of every event it appends.
func (w *Writer) Name() string { return w.cfg.Writer }

// Append queues e and waits until it is committed, then returns it as
// stored: with a new ID, Time filled when it was zero, normalised (see
// MaxTextBytes), and with its chain fields (Version CanonicalVersion). An error means the event may not be durable and
// the caller must not return data: a full queue, a closed writer, a failed
// store write or ctx ending are all unavailable (503); an event that fails
// Validate is invalid. An event whose ctx ends while it is queued may
// still be committed: the trail may hold an event of a request that
// failed, never miss one of a request that succeeded.
func (w *Writer) Append(ctx context.Context, e Event) (Event, error) {
	return w.append(ctx, e, Rider{}, false)
}

// AppendRiding is Append with what rides with the event in its batch's
// transaction (see Rider): it returns once the event, its claim and its
// rows are durable together. When the claim was used already it returns
// the event as stored (amended by r.Taken) with ErrClaimTaken. The
// store must be a Committer; otherwise AppendRiding fails as invalid.
func (w *Writer) AppendRiding(ctx context.Context, e Event, r Rider) (Event, error) {
	if w.committer == nil {
		return Event{}, catalog.Errorf(catalog.KindInvalid, "the audit store cannot commit riders with events")
	}
	return w.append(ctx, e, r, true)
}

func (w *Writer) append(ctx context.Context, e Event, r Rider, riding bool) (Event, error) {
	if err := e.Validate(); err != nil {
		return Event{}, err
	}
	if err := ctx.Err(); err != nil {
		return Event{}, unavailable(fmt.Errorf("audit: append: %w", err))
	}
	if e.Time.IsZero() {
		e.Time = w.cfg.Now()
	}
	e.ID = NewID(e.Time) // never the caller's: a repeated id would fail the whole batch
	e.Writer, e.Seq, e.Version, e.PrevHash, e.Hash = w.cfg.Writer, 0, CanonicalVersion, "", ""
	p := pendings.Get().(*pending)
	p.e, p.riding, p.rider = normalize(e), r, nil
	if riding {
		p.rider = &p.riding
	}
	if err := w.enqueue(p); err != nil {
		pendings.Put(p)
		return Event{}, err
	}
	select {
	case r := <-p.done:
		p.e, p.riding = Event{}, Rider{}
		pendings.Put(p)
		if r.err == nil && r.taken {
			return r.e, ErrClaimTaken
		}
		return r.e, r.err
	case <-ctx.Done():
		return Event{}, unavailable(fmt.Errorf("audit: waiting for commit: %w", ctx.Err()))
	}
}

// enqueue hands p to the loop without ever blocking.
func (w *Writer) enqueue(p *pending) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return catalog.Errorf(catalog.KindUnavailable, "the audit trail is shutting down")
	}
	select {
	case w.queue <- p:
		w.stats.queued.Add(1)
		return nil
	default:
		w.stats.rejected.Add(1)
		return catalog.Errorf(catalog.KindUnavailable, "the audit trail is overloaded").WithReason(ReasonQueueFull)
	}
}

// QueueDepth returns the number of events waiting for the loop.
func (w *Writer) QueueDepth() int { return len(w.queue) }

// Close stops accepting events, commits every queued one, signs a final
// checkpoint and stops the loop. It returns the final checkpoint's error;
// calling it again returns the same.
func (w *Writer) Close() error {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	<-w.done
	return w.err
}

// unavailable marks err as the trail being unavailable, keeping it as the
// cause for the logs.
func unavailable(err error) error {
	return catalog.Errorf(catalog.KindUnavailable, "the audit trail cannot be written").Wrap(err)
}

// Stats counts what a Writer has done since it started.
type Stats struct {
	Queued           uint64 // events accepted by Append
	Rejected         uint64 // events refused because the queue was full
	Committed        uint64 // events durably appended
	Failed           uint64 // events whose batch failed
	Batches          uint64 // transactions that committed
	Checkpoints      uint64 // checkpoints stored
	CheckpointErrors uint64 // checkpoints that could not be stored
}

type counters struct {
	queued, rejected, committed, failed, batches, checkpoints, checkpointErrors atomic.Uint64
}

// Stats returns the writer's counters.
func (w *Writer) Stats() Stats {
	s := &w.stats
	return Stats{Queued: s.queued.Load(), Rejected: s.rejected.Load(), Committed: s.committed.Load(),
		Failed: s.failed.Load(), Batches: s.batches.Load(), Checkpoints: s.checkpoints.Load(),
		CheckpointErrors: s.checkpointErrors.Load()}
}
