package gateway

import (
	"slices"
	"testing"
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
