package sqlstore

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/policies"
)

// TestDecisionColumnsMatchSQLDB holds DecisionRow's hand-written JSON
// columns to the bytes of the encoders policies/sqlstore writes with.
func TestDecisionColumnsMatchSQLDB(t *testing.T) {
	texts := []string{"plain", "", "ไทย", `q"uote\back`, "<b>&", "line\u2028sep\u2029", "bad \xff", "ctl\x01\x1f\t\n"}
	masks := map[string]string{}
	for i, s := range texts {
		masks[s] = texts[len(texts)-1-i]
	}
	for _, tt := range []struct {
		name  string
		l     []string
		masks map[string]string
	}{
		{"nil", nil, nil},
		{"empty", []string{}, map[string]string{}},
		{"one", []string{"citizen_id"}, map[string]string{"citizen_id": "partial"}},
		{"awkward", texts, masks},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := policies.DecisionRecord{ID: "d", Time: time.Now(), Requested: tt.l, Fields: tt.l, Reasons: tt.l, Obligations: tt.l, Masks: tt.masks}
			row, err := (&Store{}).DecisionRow(r)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"requested": sqldb.EncodeStrings(tt.l), "fields": sqldb.EncodeStrings(tt.l),
				"reasons": sqldb.EncodeStrings(tt.l), "obligations": sqldb.EncodeStrings(tt.l)}
			m := tt.masks
			if m == nil {
				m = map[string]string{}
			}
			if want["masks"], err = sqldb.EncodeJSON(m); err != nil {
				t.Fatal(err)
			}
			for i, c := range row.Columns {
				if w, ok := want[c]; ok && row.Values[i] != w {
					t.Errorf("%s = %s, want %s", c, row.Values[i], w)
				}
			}
		})
	}
}

// TestDecisionRowOutlivesItsScratch: DecisionRow writes into a pooled
// scratch, so a row's columns must stay as they were after later rows are
// encoded in it.
func TestDecisionRowOutlivesItsScratch(t *testing.T) {
	s := &Store{}
	first, err := s.DecisionRow(policies.DecisionRecord{ID: "d1", Time: time.Now(), Fields: []string{"citizen_id"}, Masks: map[string]string{"citizen_id": "partial"}})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint(first.Values)
	for i := range 4 {
		l := []string{strings.Repeat("x", 100*i), "religion"}
		if _, err := s.DecisionRow(policies.DecisionRecord{ID: "d2", Time: time.Now(), Requested: l, Fields: l, Reasons: l, Masks: map[string]string{"religion": "redact"}}); err != nil {
			t.Fatal(err)
		}
	}
	if got := fmt.Sprint(first.Values); got != want || !strings.Contains(want, `["citizen_id"]`) {
		t.Fatalf("the first row changed as later rows were encoded:\n%s\nwas\n%s", got, want)
	}
}
