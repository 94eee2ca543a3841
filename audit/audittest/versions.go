package audittest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// adminEvent is a sample steward action, with its typed fields.
func adminEvent(i int) audit.Event {
	return audit.Event{RequestID: fmt.Sprintf("req-admin-%d", i), Kind: audit.KindAdmin, Agency: "DGA",
		Officer: "dga-admin", Decision: audit.DecisionAllow, Action: "grant.approve", Target: fmt.Sprintf("grant/g-%d", i),
		Evidence: `{"outcome":"done"}`}
}

// summaryEvent is a sample summary of authentication failures.
func summaryEvent(n int) audit.Event {
	return audit.Event{Kind: audit.KindAuthFailure, Decision: audit.DecisionDeny, ClientAddr: "203.0.113.9",
		Check: "token_missing", Count: n}
}

// testTypedFields stores the fields of encoding version 2 and reads them
// back through the chain and the query side; the hash covers them.
func testTypedFields(t *testing.T, open func(t *testing.T) Harness) {
	h := open(t)
	w := newWriter(t, h.Store, "gw-1", audit.Config{})
	var sent []audit.Event
	for _, e := range []audit.Event{adminEvent(1), summaryEvent(9), lookup(1)} {
		got, err := w.Append(ctx, e)
		must(t, err)
		if got.Version != audit.CanonicalVersion {
			t.Errorf("Append sealed version %d, want %d", got.Version, audit.CanonicalVersion)
		}
		sent = append(sent, got)
	}
	must(t, w.Close())
	if got := chain(t, h.Store, "gw-1"); !reflect.DeepEqual(got, sent) {
		t.Fatalf("stored chain differs from what Append returned:\n got %+v\nwant %+v", got, sent)
	}
	admin := queryAll(t, h.Store, audit.Filter{Kind: audit.KindAdmin}, 10)
	summary := queryAll(t, h.Store, audit.Filter{Kind: audit.KindAuthFailure}, 10)
	if len(admin) != 1 || admin[0].Action != "grant.approve" || admin[0].Target != "grant/g-1" {
		t.Errorf("Query of admin events = %+v, want action grant.approve on grant/g-1", admin)
	}
	if len(summary) != 1 || summary[0].Count != 9 || summary[0].Occurrences() != 9 || summary[0].Reasons != nil {
		t.Errorf("Query of auth failures = %+v, want one summary of 9 without reasons", summary)
	}
	verifyOK(t, h.Store, 3, "gw-1")
	for _, tc := range []struct {
		link int
		edit func(e *audit.Event)
	}{
		{0, func(e *audit.Event) { e.Action = "grant.revoke" }},
		{0, func(e *audit.Event) { e.Target = "grant/g-2" }},
		{1, func(e *audit.Event) { e.Count = 1 }},
	} {
		e := sent[tc.link]
		tc.edit(&e)
		must(t, h.Tamper.ReplaceEvent(ctx, e))
		r := verify(t, h.Store, "gw-1")
		if len(r.Breaks) != 1 || r.Breaks[0].Seq != e.Seq || !strings.Contains(r.Breaks[0].Problem, "altered") {
			t.Errorf("after changing a typed field of link %d, Verify = %+v; want it altered", e.Seq, r.Breaks)
		}
		must(t, h.Tamper.ReplaceEvent(ctx, sent[tc.link])) // put it back
	}
	verifyOK(t, h.Store, 3, "gw-1")
}

// sealV1 seals events by hand as links of encoding version 1 after head,
// as the release before version 2 did.
func sealV1(head audit.Link, events []audit.Event) []audit.Event {
	out := make([]audit.Event, len(events))
	prev := head.Hash
	for i, e := range events {
		e.Time = t0.Add(time.Duration(i) * time.Second)
		e.ID, e.Writer, e.Seq, e.Version, e.PrevHash = audit.NewID(e.Time), head.Writer, head.Seq+int64(i)+1, 1, prev
		e.Hash = audit.ChainHash(prev, e)
		out[i], prev = e, e.Hash
	}
	return out
}

// v1Events are what the release before version 2 wrote: the action in
// Reasons, the summary's count as a "count:N" reason.
var v1Events = []audit.Event{
	lookup(1),
	{Kind: audit.KindAdmin, Agency: "DGA", Officer: "dga-admin", Decision: audit.DecisionAllow,
		Reasons: []string{"grant.approve", "grant/g-1"}},
	{Kind: audit.KindAuthFailure, Decision: audit.DecisionDeny, ClientAddr: "203.0.113.9", Check: "token_missing",
		Reasons: []string{"summary", "count:9"}},
}

// mixedTrail stores a chain begun in encoding version 1 (with its
// checkpoint) and continued by a Writer of this release, verifies it and
// returns its links.
func mixedTrail(t *testing.T, s audit.Store) []audit.Event {
	t.Helper()
	old := sealV1(audit.Link{Writer: "gw-1", Hash: audit.GenesisHash}, v1Events)
	must(t, s.AppendBatch(ctx, old))
	last := old[len(old)-1]
	must(t, s.AddCheckpoint(ctx, audit.SignCheckpoint(Key("gw-1"), audit.Link{Writer: "gw-1", Seq: last.Seq, Hash: last.Hash}, t0)))
	w := newWriter(t, s, "gw-1", audit.Config{})
	for _, e := range []audit.Event{adminEvent(2), summaryEvent(4)} {
		_, err := w.Append(ctx, e)
		must(t, err)
	}
	must(t, w.Close())
	links := chain(t, s, "gw-1")
	var versions []int
	for _, e := range links {
		versions = append(versions, e.Version)
	}
	if !reflect.DeepEqual(versions, []int{1, 1, 1, 2, 2}) {
		t.Fatalf("link versions = %v, want the old links at 1 and the new at %d", versions, audit.CanonicalVersion)
	}
	if r := verifyOK(t, s, 5, "gw-1"); r.Checkpoints != 2 {
		t.Errorf("Verify checked %d checkpoints, want 2 (the old writer's and Close's)", r.Checkpoints)
	}
	return links
}

// testEncodingVersions checks that a chain begun by the release before
// version 2 verifies, also continued by this release's Writer, and that
// the version cannot be used to slip a change past the hash.
func testEncodingVersions(t *testing.T, open func(t *testing.T) Harness) {
	t.Run("an old chain continued by a new writer verifies", func(t *testing.T) { mixedTrail(t, open(t).Store) })
	tampers := []struct {
		name    string
		edit    func(links []audit.Event) audit.Event
		seq     int64
		problem string
	}{
		{"an action added to an old link", func(l []audit.Event) audit.Event {
			e := l[1]
			e.Action = "grant.revoke"
			return e
		}, 2, "does not cover"},
		{"a new link relabelled version 1", func(l []audit.Event) audit.Event {
			e := l[3]
			e.Version, e.Action, e.Target = 1, "", ""
			return e
		}, 4, "altered"},
		{"a new link given an unknown version", func(l []audit.Event) audit.Event {
			e := l[4]
			e.Version = audit.CanonicalVersion + 1
			return e
		}, 5, "unknown"},
	}
	for _, tc := range tampers {
		t.Run(tc.name, func(t *testing.T) {
			h := open(t)
			must(t, h.Tamper.ReplaceEvent(ctx, tc.edit(mixedTrail(t, h.Store))))
			r := verify(t, h.Store, "gw-1")
			if len(r.Breaks) != 1 || r.Breaks[0].Seq != tc.seq || !strings.Contains(r.Breaks[0].Problem, tc.problem) {
				t.Errorf("Verify = %+v, want a break at seq %d with %q", r.Breaks, tc.seq, tc.problem)
			}
		})
	}
	t.Run("stores refuse what the hash would not cover", func(t *testing.T) {
		s := open(t).Store
		genesis := audit.Link{Writer: "gw-1", Hash: audit.GenesisHash}
		withAction := sealV1(genesis, []audit.Event{adminEvent(3)})
		unknown := sealV1(genesis, v1Events[:1])
		unknown[0].Version = 0
		wantKind(t, s.AppendBatch(ctx, withAction), catalog.KindInvalid)
		wantKind(t, s.AppendBatch(ctx, unknown), catalog.KindInvalid)
		if got := chain(t, s, "gw-1"); len(got) != 0 {
			t.Errorf("refused batches stored %d links", len(got))
		}
	})
}
