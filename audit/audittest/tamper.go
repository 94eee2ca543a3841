package audittest

import (
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
)

// tamperCase changes a stored trail of 20 links (checkpoints at 5, 10, 15
// and 20) and names the break Verify must report first.
type tamperCase struct {
	name    string
	tamper  func(t *testing.T, h Harness, links []audit.Event)
	seq     int64
	problem string // a part of Break.Problem
}

var tamperCases = []tamperCase{
	{"a field updated", func(t *testing.T, h Harness, links []audit.Event) {
		e := links[6]
		e.Agency = "EVIL"
		must(t, h.Tamper.ReplaceEvent(ctx, e))
	}, 7, "altered"},
	{"a field updated and its hash recomputed", func(t *testing.T, h Harness, links []audit.Event) {
		e := links[6]
		e.FieldsReturned = append(e.FieldsReturned, "religion")
		e.Hash = audit.ChainHash(e.PrevHash, e)
		must(t, h.Tamper.ReplaceEvent(ctx, e))
	}, 8, "prev_hash"},
	{"history rewritten with every later hash recomputed", func(t *testing.T, h Harness, links []audit.Event) {
		prev := links[5].Hash
		for _, e := range links[6:] {
			if e.Seq == 7 {
				e.Decision = audit.DecisionDeny
			}
			e.PrevHash = prev
			e.Hash = audit.ChainHash(prev, e)
			must(t, h.Tamper.ReplaceEvent(ctx, e))
			prev = e.Hash
		}
	}, 10, "rewritten after seq 5"},
	{"a link deleted", func(t *testing.T, h Harness, _ []audit.Event) {
		must(t, h.Tamper.DeleteEvent(ctx, "gw-1", 7))
	}, 7, "missing"},
	{"the first link deleted", func(t *testing.T, h Harness, _ []audit.Event) {
		must(t, h.Tamper.DeleteEvent(ctx, "gw-1", 1))
	}, 1, "missing"},
	{"the last link deleted", func(t *testing.T, h Harness, _ []audit.Event) {
		must(t, h.Tamper.DeleteEvent(ctx, "gw-1", 20))
	}, 20, "missing"},
	{"two links swapped", func(t *testing.T, h Harness, _ []audit.Event) {
		must(t, h.Tamper.SwapEvents(ctx, "gw-1", 7, 8))
	}, 7, "reordered"},
	{"a checkpoint forged with another key", func(t *testing.T, h Harness, links []audit.Event) {
		head := audit.Link{Writer: "gw-1", Seq: 12, Hash: links[11].Hash}
		must(t, h.Store.AddCheckpoint(ctx, audit.SignCheckpoint(Key("intruder"), head, time.Now())))
	}, 12, "forged"},
}

// testTampering checks that Verify names the first broken link of every
// kind of tampering, and only in the chain that was tampered with.
func testTampering(t *testing.T, open func(t *testing.T) Harness) {
	for _, tc := range tamperCases {
		t.Run(tc.name, func(t *testing.T) {
			h := open(t)
			links := trailOf20(t, h.Store)
			tc.tamper(t, h, links)
			r := verify(t, h.Store, "gw-1", "gw-2")
			if len(r.Breaks) != 1 || r.Writers != 2 {
				t.Fatalf("Verify = %+v, want one break in gw-1 of 2 chains", r)
			}
			b := r.Breaks[0]
			if b.Writer != "gw-1" || b.Seq != tc.seq || !strings.Contains(b.Problem, tc.problem) {
				t.Errorf("break = %q, want chain gw-1 at seq %d with %q", b, tc.seq, tc.problem)
			}
		})
	}
	t.Run("a missing public key breaks at the first checkpoint", func(t *testing.T) {
		h := open(t)
		trailOf20(t, h.Store)
		r := verify(t, h.Store, "gw-2")
		if len(r.Breaks) != 1 || r.Breaks[0].Seq != 5 || !strings.Contains(r.Breaks[0].Problem, "no public key") {
			t.Errorf("Verify without gw-1's key = %+v", r.Breaks)
		}
	})
}

// trailOf20 writes 20 links as gw-1 (checkpoints at 5, 10, 15, 20) and 5
// as gw-2, verifies them and returns gw-1's.
func trailOf20(t *testing.T, s audit.Store) []audit.Event {
	t.Helper()
	w1 := newWriter(t, s, "gw-1", audit.Config{CheckpointEvery: 5})
	w2 := newWriter(t, s, "gw-2", audit.Config{})
	appendN(t, w1, 20)
	appendN(t, w2, 5)
	must(t, w1.Close())
	must(t, w2.Close())
	verifyOK(t, s, 25, "gw-1", "gw-2")
	return chain(t, s, "gw-1")
}
