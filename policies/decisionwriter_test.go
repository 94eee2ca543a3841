package policies

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// memoryDecisionLog keeps rows in memory; delay slows every write, fail
// makes every write fail.
type memoryDecisionLog struct {
	delay time.Duration
	fail  error

	mu   sync.Mutex
	rows map[string]DecisionRecord
}

func newMemoryDecisionLog() *memoryDecisionLog {
	return &memoryDecisionLog{rows: map[string]DecisionRecord{}}
}

func (m *memoryDecisionLog) RecordDecision(ctx context.Context, r DecisionRecord) error {
	time.Sleep(m.delay)
	if m.fail != nil {
		return m.fail
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.rows[r.ID]; ok {
		return fmt.Errorf("decision %s recorded twice", r.ID)
	}
	m.rows[r.ID] = r
	return nil
}

func (m *memoryDecisionLog) LinkAuditEvent(context.Context, string, string) error { return nil }

func (m *memoryDecisionLog) FindDecision(_ context.Context, id string) (DecisionRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.rows[id]
	if !ok {
		return DecisionRecord{}, errors.New("not found")
	}
	return r, nil
}

func (m *memoryDecisionLog) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.rows)
}

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func testLogger() (*slog.Logger, *syncBuffer) {
	var b syncBuffer
	return slog.New(slog.NewTextHandler(&b, nil)), &b
}

func writerDecision(id string) (Input, Decision) {
	in := Input{Time: testNow, Purpose: InputPurpose{Code: "licensing"}}
	in.Agency.Code, in.Officer.Sub, in.Dataset.ID = "DLA", "officer-1", "civil.person"
	return in, Decision{ID: id, PolicyVersion: "v1", Allow: true, Fields: []string{"name"}}
}

func TestDecisionWriterWritesEveryRowByClose(t *testing.T) {
	for _, size := range []int{1024, 1} { // 1: most rows take the caller's path
		t.Run(fmt.Sprintf("queue %d", size), func(t *testing.T) {
			store := newMemoryDecisionLog()
			store.delay = time.Millisecond
			logger, _ := testLogger()
			w := newDecisionWriter(store, logger, size, time.Second)
			for i := range 50 {
				in, d := writerDecision(fmt.Sprintf("d-%d", i))
				if err := w.RecordDecision(context.Background(), in, d, fmt.Sprintf("e-%d", i)); err != nil {
					t.Fatalf("RecordDecision %d: %v", i, err)
				}
			}
			w.Close()
			if n := store.count(); n != 50 {
				t.Fatalf("%d rows written by Close, want 50", n)
			}
			r, err := store.FindDecision(context.Background(), "d-7")
			if err != nil || r.AuditEvent != "e-7" || r.Agency != "DLA" || r.PolicyVersion != "v1" {
				t.Fatalf("row d-7 = %+v, %v; want it linked to e-7, agency DLA, policy v1", r, err)
			}
		})
	}
}

func TestDecisionWriterAfterCloseRefusesWithoutPanic(t *testing.T) {
	store := newMemoryDecisionLog()
	logger, logs := testLogger()
	w := newDecisionWriter(store, logger, 16, time.Second)
	w.Close()
	w.Close() // a second Close is harmless
	in, d := writerDecision("late")
	err := w.RecordDecision(context.Background(), in, d, "e-late")
	if !errors.Is(err, ErrDecisionWriterClosed) {
		t.Fatalf("RecordDecision after Close = %v, want ErrDecisionWriterClosed", err)
	}
	if store.count() != 0 {
		t.Fatal("a row handed over after Close was written")
	}
	if out := logs.String(); !strings.Contains(out, "decision=late") || !strings.Contains(out, "audit_event=e-late") {
		t.Fatalf("the refused row is not logged by decision and audit event:\n%s", out)
	}
}

func TestDecisionWriterLogsStoreFailure(t *testing.T) {
	store := newMemoryDecisionLog()
	store.fail = errors.New("disk full")
	logger, logs := testLogger()
	w := newDecisionWriter(store, logger, 1, time.Second)
	in, d := writerDecision("d-1")
	_ = w.RecordDecision(context.Background(), in, d, "e-1")
	in, d = writerDecision("d-2")
	_ = w.RecordDecision(context.Background(), in, d, "e-2")
	w.Close()
	out := logs.String()
	for _, want := range []string{"decision=d-1", "decision=d-2", "audit_event=e-2", "disk full"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

// TestDecisionWriterShutdownUnderLoad closes the writer while many
// handlers are still handing decisions over: nothing panics, every
// decision accepted (nil error) is written, and every refused one is not.
func TestDecisionWriterShutdownUnderLoad(t *testing.T) {
	store := newMemoryDecisionLog()
	store.delay = 50 * time.Microsecond
	logger, _ := testLogger()
	w := newDecisionWriter(store, logger, 64, time.Second)
	var accepted, refused atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for g := range 16 {
		wg.Go(func() {
			<-start
			for i := range 200 {
				in, d := writerDecision(fmt.Sprintf("d-%d-%d", g, i))
				switch err := w.RecordDecision(context.Background(), in, d, "e"); {
				case err == nil:
					accepted.Add(1)
				case errors.Is(err, ErrDecisionWriterClosed):
					refused.Add(1)
				default:
					t.Errorf("RecordDecision: %v", err)
				}
			}
		})
	}
	close(start)
	time.Sleep(5 * time.Millisecond)
	w.Close()
	wg.Wait()
	if got := int64(store.count()); got != accepted.Load() {
		t.Fatalf("%d rows written, %d decisions accepted", got, accepted.Load())
	}
	if accepted.Load()+refused.Load() != 16*200 {
		t.Fatalf("accepted %d + refused %d != %d", accepted.Load(), refused.Load(), 16*200)
	}
	if accepted.Load() == 0 || refused.Load() == 0 {
		t.Logf("accepted %d, refused %d: the close did not land mid-load this run", accepted.Load(), refused.Load())
	}
}
