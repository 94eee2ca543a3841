package audittest

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

func testRoundTrip(t *testing.T, open func(t *testing.T) Harness) {
	s := open(t).Store
	w := newWriter(t, s, "gw-1", audit.Config{CheckpointEvery: 10})
	sent := appendN(t, w, 24)
	odd := lookup(99) // stored as normalised: UTC microseconds, valid UTF-8, no NUL
	odd.Officer, odd.Time = "o\x00ff\xfe", time.Date(2025, 3, 1, 9, 30, 15, 123456789, time.FixedZone("ICT", 7*3600))
	odd.FieldsWithheld, odd.KeyHashes = []string{}, []string{keyHash("1103700000011")}
	odd.RequestID, odd.Evidence = strings.Repeat("ก", 500), strings.Repeat("x", 20000) // cut to their limits
	e, err := w.Append(ctx, odd)
	must(t, err)
	if e.Officer != "off\uFFFD" || !e.Time.Equal(odd.Time.Truncate(time.Microsecond)) ||
		e.RequestID != strings.Repeat("ก", audit.MaxTextBytes/3) || len(e.Evidence) != audit.MaxEvidenceBytes {
		t.Errorf("normalised event has officer %q, time %v, request id of %d bytes, evidence of %d bytes",
			e.Officer, e.Time, len(e.RequestID), len(e.Evidence))
	}
	sent = append(sent, e)
	must(t, w.Close())
	got := chain(t, s, "gw-1")
	if !reflect.DeepEqual(got, sent) {
		t.Fatalf("stored chain differs from what Append returned:\n got %+v\nwant %+v", got, sent)
	}
	prev := audit.GenesisHash
	for i, e := range got {
		if e.Seq != int64(i+1) || e.PrevHash != prev || e.Writer != "gw-1" {
			t.Fatalf("link %d: seq %d, prev %.8s, writer %s; want seq %d, prev %.8s", i, e.Seq, e.PrevHash, e.Writer, i+1, prev)
		}
		prev = e.Hash
	}
	var progress []int
	r, err := audit.Verify(ctx, s, publicKeys("gw-1"), func(done int) { progress = append(progress, done) })
	must(t, err)
	if !r.OK() || r.Events != 25 || r.Checkpoints != 3 || r.Writers != 1 {
		t.Errorf("Verify = %+v, want 25 links, 3 checkpoints (10, 20 and 25 at Close), 1 writer", r)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 25 {
		t.Errorf("progress calls = %v, want them to end at 25", progress)
	}
}

func testStoreContract(t *testing.T, open func(t *testing.T) Harness) {
	s := open(t).Store
	w := newWriter(t, s, "gw-1", audit.Config{})
	stored := appendN(t, w, 3)
	must(t, w.Close())
	head := audit.Link{Writer: "gw-1", Seq: 3, Hash: stored[2].Hash}
	tests := []struct {
		name  string
		batch []audit.Event
		kind  catalog.Kind
	}{
		{"an empty batch is invalid", nil, catalog.KindInvalid},
		{"a gap inside the batch is invalid", []audit.Event{link("gw-1", 4, head.Hash), link("gw-1", 6, head.Hash)}, catalog.KindInvalid},
		{"a stale prev hash is a fork", []audit.Event{link("gw-1", 4, stored[1].Hash)}, catalog.KindConflict},
		{"rewriting the last link is a fork", []audit.Event{link("gw-1", 3, stored[1].Hash)}, catalog.KindConflict},
		{"skipping a seq is a fork", []audit.Event{link("gw-1", 5, head.Hash)}, catalog.KindConflict},
		{"a second genesis is a fork", []audit.Event{link("gw-1", 1, audit.GenesisHash)}, catalog.KindConflict},
		{"a genesis without the genesis hash is a fork", []audit.Event{link("gw-2", 1, head.Hash)}, catalog.KindConflict},
		{"continuing the head is accepted", chainFrom(head, 2), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantKind(t, s.AppendBatch(ctx, tt.batch), tt.kind)
		})
	}
	t.Run("refused batches stored nothing", func(t *testing.T) {
		if got := len(chain(t, s, "gw-1")); got != 5 {
			t.Errorf("chain has %d links, want 5", got)
		}
		last, err := s.LastLink(ctx, "gw-1")
		must(t, err)
		if last.Seq != 5 {
			t.Errorf("head at seq %d, want 5", last.Seq)
		}
		verifyOK(t, s, 5, "gw-1")
	})
	t.Run("an unknown writer's head is the genesis", func(t *testing.T) {
		last, err := s.LastLink(ctx, "gw-2")
		must(t, err)
		if want := (audit.Link{Writer: "gw-2", Hash: audit.GenesisHash}); last != want {
			t.Errorf("LastLink = %+v, want %+v", last, want)
		}
	})
	t.Run("a second checkpoint at one seq is a conflict", func(t *testing.T) {
		c := audit.SignCheckpoint(Key("gw-1"), head, time.Now())
		wantKind(t, s.AddCheckpoint(ctx, c), catalog.KindConflict) // Close signed seq 3
	})
}

// link returns a sample event sealed by hand as link seq of writer's chain.
func link(writer string, seq int64, prevHash string) audit.Event {
	e := lookup(int(seq))
	e.Time = time.Now().UTC().Truncate(time.Microsecond)
	e.ID, e.Writer, e.Seq, e.Version, e.PrevHash = audit.NewID(e.Time), writer, seq, audit.CanonicalVersion, prevHash
	e.Hash = audit.ChainHash(prevHash, e)
	return e
}

// chainFrom returns n links sealed by hand after head.
func chainFrom(head audit.Link, n int) []audit.Event {
	var out []audit.Event
	prev := head.Hash
	for i := range n {
		e := link(head.Writer, head.Seq+int64(i)+1, prev)
		out, prev = append(out, e), e.Hash
	}
	return out
}

func testPaging(t *testing.T, open func(t *testing.T) Harness) {
	s := open(t).Store
	w := newWriter(t, s, "gw-1", audit.Config{CheckpointEvery: 3})
	appendN(t, w, 10)
	must(t, w.Close()) // checkpoints at 3, 6, 9 and 10
	seqs := func(events []audit.Event) (out []int64) {
		for _, e := range events {
			out = append(out, e.Seq)
		}
		return out
	}
	page, err := s.ScanChain(ctx, "gw-1", 0, 4)
	must(t, err)
	if got := seqs(page); !slices.Equal(got, []int64{1, 2, 3, 4}) {
		t.Errorf("first page = %v", got)
	}
	page, err = s.ScanChain(ctx, "gw-1", 8, 4)
	must(t, err)
	if got := seqs(page); !slices.Equal(got, []int64{9, 10}) {
		t.Errorf("last page = %v", got)
	}
	cps, err := s.ListCheckpoints(ctx, "gw-1", 3, 2)
	must(t, err)
	if len(cps) != 2 || cps[0].Seq != 6 || cps[1].Seq != 9 {
		t.Errorf("checkpoints after 3 = %+v, want seq 6 and 9", cps)
	}
	t.Run("verify pages through a long chain", func(t *testing.T) {
		w2 := newWriter(t, s, "gw-2", audit.Config{CheckpointEvery: 400})
		appendConcurrently(t, w2, 50, 50)
		must(t, w2.Close())
		verifyOK(t, s, 2510, "gw-1", "gw-2")
	})
}

// appendConcurrently appends workers×each sample lookups from workers
// goroutines and returns them as stored.
func appendConcurrently(t testing.TB, w *audit.Writer, workers, each int) []audit.Event {
	t.Helper()
	out := make([]audit.Event, workers*each)
	errs := make([]error, workers*each)
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			for i := range each {
				n := g*each + i
				out[n], errs[n] = w.Append(ctx, lookup(n))
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
	}
	return out
}
