package audittest

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// t0 is the time of the first sample event of the query tests.
var t0 = time.Date(2025, time.January, 1, 9, 0, 0, 0, time.UTC)

// Record keys of the query tests.
var keyA, keyB, keyC = keyHash("1103700000011"), keyHash("1103700000029"), keyHash("1103700000037")

// event returns a sample event at t0 + minutes, changed by edit.
func event(minutes int, edit func(e *audit.Event)) audit.Event {
	e := lookup(minutes)
	e.Time = t0.Add(time.Duration(minutes) * time.Minute)
	edit(&e)
	return e
}

// queryEvents are the events of testQuery; the last two share a time.
var queryEvents = []audit.Event{
	event(0, func(e *audit.Event) { e.KeyHash = keyA }),
	event(1, func(e *audit.Event) { e.Agency, e.KeyHash = "RD", keyB }),
	event(2, func(e *audit.Event) {
		e.Agency, e.Kind, e.Decision, e.KeyHash, e.FieldsReturned = "NOGRANT", audit.KindDenial, audit.DecisionDeny, keyA, nil
	}),
	event(3, func(e *audit.Event) {
		e.Kind, e.Dataset, e.KeyHash, e.KeyHashes, e.Keys = audit.KindBatch, "dbd.juristic", "", []string{keyA, keyC}, 2
	}),
	event(4, func(e *audit.Event) {
		*e = audit.Event{Time: e.Time, Kind: audit.KindAuthFailure, Decision: audit.DecisionDeny, Check: "signature", Status: 401}
	}),
	event(5, func(e *audit.Event) {
		e.Decision, e.KeyHash, e.UpstreamStatus, e.Status = audit.DecisionError, keyC, 500, 502
	}),
	event(6, func(e *audit.Event) { e.Agency = "DBD" }),
	event(6, func(e *audit.Event) { e.Agency = "DBD" }),
}

// model answers a filter the slow, obvious way: newest first by time,
// then id.
func model(events []audit.Event, f audit.Filter) []audit.Event {
	var out []audit.Event
	for _, e := range events {
		if matches(e, f) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b audit.Event) int {
		return cmp.Or(b.Time.Compare(a.Time), cmp.Compare(b.ID, a.ID))
	})
	return out
}

func matches(e audit.Event, f audit.Filter) bool {
	eq := func(want, got string) bool { return want == "" || want == got }
	return eq(f.Agency, e.Agency) && eq(f.Dataset, e.Dataset) && eq(string(f.Kind), string(e.Kind)) &&
		eq(string(f.Decision), string(e.Decision)) &&
		(f.From.IsZero() || !e.Time.Before(f.From)) && (f.To.IsZero() || e.Time.Before(f.To)) &&
		(f.KeyHash == "" || e.KeyHash == f.KeyHash || slices.Contains(e.KeyHashes, f.KeyHash))
}

func testQuery(t *testing.T, open func(t *testing.T) Harness) {
	s := open(t).Store
	w := newWriter(t, s, "gw-1", audit.Config{})
	var stored []audit.Event
	for _, e := range queryEvents {
		got, err := w.Append(ctx, e)
		must(t, err)
		stored = append(stored, got)
	}
	filters := []struct {
		name string
		f    audit.Filter
	}{
		{"everything", audit.Filter{}},
		{"by agency", audit.Filter{Agency: "DLA"}},
		{"by dataset", audit.Filter{Dataset: "dbd.juristic"}},
		{"by kind", audit.Filter{Kind: audit.KindDenial}},
		{"by decision", audit.Filter{Decision: audit.DecisionDeny}},
		{"from a time on", audit.Filter{From: t0.Add(5 * time.Minute)}},
		{"before a time", audit.Filter{To: t0.Add(2 * time.Minute)}},
		{"in a window", audit.Filter{From: t0.Add(time.Minute), To: t0.Add(4 * time.Minute)}},
		{"by a single key", audit.Filter{KeyHash: keyB}},
		{"by a key, also in batches", audit.Filter{KeyHash: keyA}},
		{"by key and agency", audit.Filter{KeyHash: keyC, Agency: "DLA", Decision: audit.DecisionAllow}},
		{"nothing matches", audit.Filter{Agency: "ZZZ"}},
	}
	for _, tt := range filters {
		t.Run(tt.name, func(t *testing.T) {
			want := model(stored, tt.f)
			if got := queryAll(t, s, tt.f, 100); !slices.EqualFunc(got, want, sameID) {
				t.Errorf("Query = %v, want %v", ids(got), ids(want))
			}
			if got := queryAll(t, s, tt.f, 2); !slices.EqualFunc(got, want, sameID) {
				t.Errorf("Query by pages of 2 = %v, want %v", ids(got), ids(want))
			}
		})
	}
	t.Run("a malformed cursor is invalid", func(t *testing.T) {
		_, err := s.Query(ctx, audit.Filter{Cursor: "not a cursor"})
		wantKind(t, err, catalog.KindInvalid)
	})
}

// queryAll follows Query's cursor through every page of limit events.
func queryAll(t *testing.T, s audit.Querier, f audit.Filter, limit int) []audit.Event {
	t.Helper()
	var out []audit.Event
	f.Limit = limit
	for range 100 {
		p, err := s.Query(ctx, f)
		must(t, err)
		if len(p.Events) > limit {
			t.Fatalf("page of %d events, limit %d", len(p.Events), limit)
		}
		out = append(out, p.Events...)
		if p.Next == "" {
			return out
		}
		f.Cursor = p.Next
	}
	t.Fatal("Query never ended")
	return nil
}

func sameID(a, b audit.Event) bool { return a.ID == b.ID }

func ids(events []audit.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Time.Format("15:04") + "/" + e.Agency + "/" + e.ID[len(e.ID)-4:]
	}
	return out
}
