package sqlstore

import (
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// TestBatchStatementsShareOneBuffer: the statements of a batch built into
// one stmtBuffer each get exactly the arguments their SQL names, capped so
// that none can spill into the next, and the buffer keeps nothing once
// released.
func TestBatchStatementsShareOneBuffer(t *testing.T) {
	at := time.UnixMicro(1_700_000_000_000_000).UTC()
	events := []audit.Event{
		{Writer: "gw", Seq: 5, ID: "e5", Time: at, Kind: audit.KindLookup, Decision: audit.DecisionAllow, KeyHash: "h1", PrevHash: "p", Hash: "x5", Version: 2},
		{Writer: "gw", Seq: 6, ID: "e6", Time: at, Kind: audit.KindBatch, Decision: audit.DecisionAllow, KeyHashes: []string{"h3", "h2", "h3"}, Hash: "x6", Version: 2},
	}
	claims := []audit.Claim{{Agency: "DLA", JTI: "j1", Until: at}, {Agency: "DLA", JTI: "j2", Until: at}, {Agency: "RD", JTI: "j3", Until: at}}
	row := audit.Row{Table: "policy_decisions", Columns: []string{"id", "audit_event"}, Values: []any{"d1", "e5"}}
	rows := []audit.Row{row, {Table: row.Table, Columns: row.Columns, Values: []any{"d2", "e6"}}}
	b := newStmtBuffer(batchArgs(len(claims), events, rows))
	claimStmts(b, claims)
	if err := headStmts(b, events[0], events[1], true); err != nil {
		t.Fatal(err)
	}
	eventStmts(b, events, 1)
	keyStmts(b, events)
	if err := rowStmts(b, rows, 32); err != nil {
		t.Fatal(err)
	}
	// claims (3), the head's guard and move, 2 events, keys h1, h2, h3,
	// rows 2.
	wantArgs := []int{9, 2, 6, eventColumnCount, eventColumnCount, 9, 4}
	if len(b.stmts) != len(wantArgs) {
		t.Fatalf("%d statements, want %d: %+v", len(b.stmts), len(wantArgs), b.stmts)
	}
	for i, st := range b.stmts {
		if n := strings.Count(st.SQL, "$"); n != len(st.Args) || len(st.Args) != wantArgs[i] || cap(st.Args) != len(st.Args) {
			t.Errorf("statement %d has %d placeholders and %d arguments (cap %d), want %d: %s", i, n, len(st.Args), cap(st.Args), wantArgs[i], st.SQL)
		}
	}
	if got := b.stmts[5].Args; got[0] != "h1" || got[3] != "h2" || got[6] != "h3" {
		t.Errorf("key arguments %v, want h1, h2 then h3", got)
	}
	if got := b.stmts[6].Args; got[0] != "d1" || got[3] != "e6" || !strings.Contains(b.stmts[6].SQL, "(id, audit_event)") {
		t.Errorf("row statement %s %v", b.stmts[6].SQL, got)
	}
	args := b.args
	b.release()
	for i, a := range args {
		if a != nil {
			t.Fatalf("argument %d (%v) still held by the released buffer", i, a)
		}
	}
}

func TestColumnListFollowsTheColumns(t *testing.T) {
	for _, cols := range [][]string{{"a", "b"}, {"a", "b"}, {"a", "c", "d"}, {"a", "b"}} {
		if got, want := columnList("t_columns", cols), strings.Join(cols, ", "); got != want {
			t.Errorf("columnList(%v) = %q, want %q", cols, got, want)
		}
	}
}

// TestListColumnsAreEncodeStrings: the list columns written into one text
// are, each, the bytes sqldb.EncodeStrings gives the list.
func TestListColumnsAreEncodeStrings(t *testing.T) {
	awkward := []string{"plain", "", "ไทย", `q"uote\back`, "<b>&", "line\u2028sep", "ctl\x01\t\n"}
	events := []audit.Event{
		{KeyHashes: []string{"h2", "h1"}, FieldsReturned: awkward, Reasons: []string{"ial_too_low"}},
		{},
		{FieldsWithheld: []string{}, Reasons: awkward[2:]},
	}
	b := newStmtBuffer(0)
	defer b.release()
	lists := b.listColumns(events)
	if len(lists) != 4*len(events) {
		t.Fatalf("%d columns for %d events", len(lists), len(events))
	}
	for i, e := range events {
		for j, l := range [][]string{e.KeyHashes, e.FieldsReturned, e.FieldsWithheld, e.Reasons} {
			if got, want := lists[4*i+j], sqldb.EncodeStrings(l); got != want {
				t.Errorf("event %d list %d = %s, want %s", i, j, got, want)
			}
		}
	}
}
