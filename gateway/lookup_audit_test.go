package gateway

import (
	"reflect"
	"slices"
	"testing"

	"github.com/gdx-exchange/gdx/policies"
)

// TestReturnedFieldsAreTheRecordsNames: whichever list returnedFields
// answers with, it is the record's names sorted, and it is the decision's
// own list only when that list is exactly those names.
func TestReturnedFieldsAreTheRecordsNames(t *testing.T) {
	rec := map[string]any{"a": 1, "b": "x", "c": nil}
	for _, tt := range []struct {
		name    string
		decided []string
		shared  bool
	}{
		{"every field, sorted", []string{"a", "b", "c"}, true},
		{"every field, unsorted", []string{"b", "a", "c"}, false},
		{"a repeat", []string{"a", "a", "c"}, false},
		{"a field the record lacks", []string{"a", "b", "d"}, false},
		{"fewer fields than the record", []string{"a", "b"}, false},
		{"more fields than the record", []string{"a", "b", "c", "d"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := returnedFields(rec, tt.decided)
			if !slices.Equal(got, []string{"a", "b", "c"}) {
				t.Fatalf("returnedFields = %v, want the record's names sorted", got)
			}
			if shared := len(tt.decided) > 0 && &got[0] == &tt.decided[0]; shared != tt.shared {
				t.Fatalf("shares the decision's list: %v, want %v", shared, tt.shared)
			}
		})
	}
}

// TestWithheldIsDecisionWithheld: each requested field the decision left
// out is listed once, in the order asked, with the decision's reasons for
// it (Decision.Withheld) or field_not_granted, and its reasons never
// share room with the next field's.
func TestWithheldIsDecisionWithheld(t *testing.T) {
	d := policies.Decision{Fields: []string{"a"}, Reasons: []string{"ial_too_low", "sensitive_field:c", "not_in_grant:c", "sensitive_field:a", "purpose:d"}}
	got := withheld([]string{"a", "b", "c", "d", "e"}, d)
	want := []WithheldField{{"b", []string{policies.ReasonFieldNotGranted}}, {"c", []string{"sensitive_field", "not_in_grant"}},
		{"d", []string{"purpose"}}, {"e", []string{policies.ReasonFieldNotGranted}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("withheld = %+v, want %+v", got, want)
	}
	byField := d.Withheld()
	for _, w := range got {
		if r, ok := byField[w.Field]; ok && !slices.Equal(r, w.Reasons) {
			t.Errorf("%s: reasons %v, Decision.Withheld %v", w.Field, w.Reasons, r)
		}
		if cap(w.Reasons) != len(w.Reasons) {
			t.Errorf("%s: reasons %v have room for more (cap %d), which an append would write into the next field's", w.Field, w.Reasons, cap(w.Reasons))
		}
	}
	if got := withheld([]string{"a"}, d); len(got) != 0 {
		t.Errorf("nothing withheld: %+v", got)
	}
}
