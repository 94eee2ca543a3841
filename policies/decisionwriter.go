package policies

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// ErrDecisionWriterClosed reports a decision handed to a DecisionWriter
// after Close: its row is not written (the lookup's audit event, already
// durable, still names the decision).
var ErrDecisionWriterClosed = errors.New("policies: decision writer is closed")

const (
	// decisionQueueSize bounds the rows waiting to be written.
	decisionQueueSize = 4096
	// decisionWriteTimeout bounds one row's write.
	decisionWriteTimeout = 10 * time.Second
)

// DecisionWriter writes the decision log off the response path: the
// lookup's audit event, already durable, names the decision, its policy
// version and reasons, so the log row (an index of decisions) need not
// delay the answer. The queue is bounded; when it is full the caller writes
// the row itself, so no decision handed over before Close is dropped.
//
// It is safe for concurrent use, Close included: a decision handed over
// after Close (a handler that outlived the shutdown timeout) is refused
// with ErrDecisionWriterClosed and logged, never sent on the closed queue.
type DecisionWriter struct {
	log     DecisionLog
	logger  *slog.Logger
	timeout time.Duration

	mu     sync.RWMutex // held for reading while handing over, for writing by Close
	closed bool
	queue  chan DecisionRecord
	done   chan struct{}
}

// NewDecisionWriter starts a writer of l's rows; failures are logged to
// logger (nil: slog.Default()).
func NewDecisionWriter(l DecisionLog, logger *slog.Logger) *DecisionWriter {
	return newDecisionWriter(l, logger, decisionQueueSize, decisionWriteTimeout)
}

func newDecisionWriter(l DecisionLog, logger *slog.Logger, size int, timeout time.Duration) *DecisionWriter {
	if logger == nil {
		logger = slog.Default()
	}
	w := &DecisionWriter{log: l, logger: logger, timeout: timeout,
		queue: make(chan DecisionRecord, size), done: make(chan struct{})}
	go w.run()
	return w
}

// RecordDecision hands over the decision of a lookup whose audit event is
// eventID. It returns at once unless the queue is full, when it writes the
// row itself and returns the store's error. After Close it returns
// ErrDecisionWriterClosed.
func (w *DecisionWriter) RecordDecision(ctx context.Context, in Input, d Decision, eventID string) error {
	r := NewDecisionRecord(in, d)
	r.AuditEvent = eventID
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		w.logger.Error("decision log row not written: the decision writer is closed; the audit event keeps the decision",
			"decision", r.ID, "audit_event", r.AuditEvent)
		return ErrDecisionWriterClosed
	}
	select {
	case w.queue <- r:
		return nil
	default:
		return w.write(r)
	}
}

func (w *DecisionWriter) run() {
	defer close(w.done)
	for r := range w.queue {
		_ = w.write(r)
	}
}

func (w *DecisionWriter) write(r DecisionRecord) error {
	ctx, cancel := context.WithTimeout(context.Background(), w.timeout)
	defer cancel()
	err := w.log.RecordDecision(ctx, r)
	if err != nil {
		w.logger.Error("decision log row not written; the audit event keeps the decision",
			"decision", r.ID, "audit_event", r.AuditEvent, "err", err)
	}
	return err
}

// Close waits for the hand-overs in progress (a caller writing a row
// itself included), writes what is queued and stops. Later calls to
// RecordDecision are refused; Close may be called more than once.
func (w *DecisionWriter) Close() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	<-w.done
}
