package audittest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// subjectEvents are the events of testSubjectLookups, all about keyA but
// the last.
var subjectEvents = []audit.Event{
	event(0, func(e *audit.Event) { e.KeyHash, e.Grant = keyA, "g-dla-civil" }),
	event(1, func(e *audit.Event) {
		e.Agency, e.Purpose, e.Grant, e.KeyHash, e.FieldsReturned = "RD", "tax.audit", "g-rd-civil", keyA, []string{"address"}
	}),
	event(2, func(e *audit.Event) {
		e.Agency, e.Kind, e.Decision, e.Grant, e.KeyHash = "NOGRANT", audit.KindDenial, audit.DecisionDeny, "", keyA
	}),
	event(3, func(e *audit.Event) {
		e.Kind, e.Dataset, e.Grant, e.KeyHash, e.KeyHashes, e.Keys = audit.KindBatch, "dopa.house", "g-dla-house", "", []string{keyB, keyA}, 2
	}),
	event(4, func(e *audit.Event) { e.KeyHash = keyB }),
}

func testSubjectLookups(t *testing.T, open func(t *testing.T) Harness) {
	s := open(t).Store
	w := newWriter(t, s, "gw-1", audit.Config{})
	for _, e := range subjectEvents {
		_, err := w.Append(ctx, e)
		must(t, err)
	}
	now := t0.Add(time.Hour)
	lookups := func(at time.Time) []string {
		t.Helper()
		ls, err := audit.SubjectLookups(ctx, s, keyA, at)
		must(t, err)
		var out []string
		for _, l := range ls {
			out = append(out, l.Agency+" "+l.Dataset+" "+l.Purpose+" "+strings.Join(l.Fields, ","))
		}
		return out
	}
	all := []string{
		"DLA dopa.house license.approval first_name_th,last_name_th",
		"RD dopa.civil tax.audit address",
		"DLA dopa.civil license.approval first_name_th,last_name_th",
	}
	steps := []struct {
		name     string
		withhold *audit.Withhold
		at       time.Time
		want     []string
	}{
		{"lookups and batches that returned data, newest first", nil, now, all},
		{"a grant withheld is hidden", &audit.Withhold{Grant: "g-rd-civil", Until: now.AddDate(0, 0, 30),
			Reason: "investigation 12/2568", SetBy: "auditor-1"}, now, []string{all[0], all[2]}},
		{"an agency's dataset withheld is hidden", &audit.Withhold{Agency: "DLA", Dataset: "dopa.civil",
			Until: now.AddDate(0, 0, 1), Reason: "court order", SetBy: "auditor-2"}, now, all[:1]},
		{"the shorter withholding ends", nil, now.AddDate(0, 0, 2), []string{all[0], all[2]}},
		{"every withholding ends", nil, now.AddDate(0, 0, 31), all},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.withhold != nil {
				wh, err := w.AddWithhold(ctx, *st.withhold)
				must(t, err)
				if wh.ID == "" || wh.EventID == "" || wh.SetAt.IsZero() {
					t.Errorf("AddWithhold returned %+v without ID, EventID or SetAt", wh)
				}
			}
			if got := lookups(st.at); !slices.Equal(got, st.want) {
				t.Errorf("SubjectLookups = %q, want %q", got, st.want)
			}
		})
	}
	testWithholdAudit(t, s, w, now)
	must(t, w.Close())
	verifyOK(t, s, int64(len(subjectEvents)+2), "gw-1")
}

// testWithholdAudit checks what testSubjectLookups left behind: every
// withholding is an audited event, and auditors still see everything.
func testWithholdAudit(t *testing.T, s audit.Store, w *audit.Writer, now time.Time) {
	t.Run("auditors still see every event about the key", func(t *testing.T) {
		if got := queryAll(t, s, audit.Filter{KeyHash: keyA}, 100); len(got) != 4 {
			t.Errorf("Query by key = %v, want the 4 events about it", ids(got))
		}
	})
	t.Run("each withholding is an audit event", func(t *testing.T) {
		got := queryAll(t, s, audit.Filter{Kind: audit.KindWithhold}, 100)
		whs, err := s.ListWithholds(ctx, time.Time{})
		must(t, err)
		if len(got) != 2 || len(whs) != 2 {
			t.Fatalf("%d withhold events and %d withholdings, want 2 of each", len(got), len(whs))
		}
		for _, wh := range whs {
			i := slices.IndexFunc(got, func(e audit.Event) bool { return e.ID == wh.EventID })
			if i < 0 || got[i].Officer != wh.SetBy || !slices.Equal(got[i].Reasons, []string{wh.Reason}) ||
				got[i].Action != audit.ActionWithhold || got[i].Target != "withhold/"+wh.ID ||
				!strings.Contains(got[i].Evidence, wh.ID) {
				t.Errorf("withholding %+v has no matching event among %+v", wh, got)
			}
		}
	})
	t.Run("withholdings in force", func(t *testing.T) {
		for _, c := range []struct {
			at   time.Time
			want int
		}{{now, 2}, {now.AddDate(0, 0, 2), 1}, {now.AddDate(0, 0, 31), 0}} {
			if whs, err := s.ListWithholds(ctx, c.at); err != nil || len(whs) != c.want {
				t.Errorf("ListWithholds(%v) = %d, %v; want %d", c.at, len(whs), err, c.want)
			}
		}
	})
	t.Run("refusals", func(t *testing.T) {
		_, err := w.AddWithhold(ctx, audit.Withhold{Agency: "DLA", Until: now, SetBy: "auditor-1"})
		wantKind(t, err, catalog.KindInvalid) // no reason
		_, err = audit.SubjectLookups(ctx, s, "1103700000011", now)
		wantKind(t, err, catalog.KindInvalid) // a raw key, not its hash
	})
}
