package sqlstore

import (
	"slices"
	"sync"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/internal/jsontext"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/policies"
)

// decisionColumns are the columns of the decision log, policy_decisions
// (policies/sqlstore's migration 001), in decisionValues order.
// TestDecisionRowReadsBack reads a row written from them back through
// policies/sqlstore, so a column they drift from fails there.
var decisionColumns = []string{"id", "policy_version", "decided_at", "agency", "officer", "purpose", "dataset",
	"owner_agency", "classification", "ial", "aal", "requested", "grant_id", "allow", "fields", "masks", "reasons",
	"obligations", "audit_event"}

// DecisionRow returns the decision-log row of r, encoded as
// policies/sqlstore encodes it, to ride with its lookup's audit event in
// one transaction (audit.Rider) instead of a write of its own.
//
// The JSON columns are written by hand into one text, which each column
// then slices: the bytes are those of sqldb.EncodeStrings and
// sqldb.EncodeJSON (TestDecisionColumnsMatchSQLDB), without a marshal
// per column.
func (s *Store) DecisionRow(r policies.DecisionRecord) (audit.Row, error) {
	var ends [5]int
	bp := rowTexts.Get().(*[]byte)
	b := slices.Grow((*bp)[:0], textSize(r))
	for i, l := range [][]string{r.Requested, r.Fields, r.Reasons, r.Obligations} {
		b = jsontext.AppendStrings(b, l)
		ends[i] = len(b)
	}
	b = jsontext.AppendStringMap(b, r.Masks) // {} when none: the decision log never holds null masks
	ends[4] = len(b)
	text := string(b) // the columns' one allocation; the scratch goes back
	if cap(b) <= maxPooledRowText {
		*bp = b
		rowTexts.Put(bp)
	}
	col := func(i int) string {
		if i == 0 {
			return text[:ends[0]]
		}
		return text[ends[i-1]:ends[i]]
	}
	return audit.Row{Table: "policy_decisions", Columns: decisionColumns, Values: []any{
		r.ID, r.PolicyVersion, sqldb.Micros(r.Time), r.Agency, r.Officer, r.Purpose, r.Dataset, r.Owner,
		string(r.Class), string(r.IAL), string(r.AAL), col(0), r.Grant, r.Allow,
		col(1), col(4), col(2), col(3), r.AuditEvent}}, nil
}

// rowTexts are the scratch DecisionRow writes the JSON columns into
// before they become the row's one text: a lookup would otherwise
// allocate them twice, once as bytes and once as the string.
var rowTexts = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// maxPooledRowText keeps a rare huge decision's scratch from being kept.
const maxPooledRowText = 16 << 10

// textSize is the length of r's JSON columns when no text in them needs
// an escape: their one allocation, usually.
func textSize(r policies.DecisionRecord) int {
	n := 2
	for _, l := range [][]string{r.Requested, r.Fields, r.Reasons, r.Obligations} {
		n += 2
		for _, s := range l {
			n += len(s) + 3
		}
	}
	for k, v := range r.Masks {
		n += len(k) + len(v) + 6
	}
	return n
}
