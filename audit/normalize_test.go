package audit

import (
	"slices"
	"testing"
)

// TestNormalizeKeepsItsOwnLists checks that the lists of a normalised
// event, which share one array, are the caller's values but not the
// caller's arrays, and that appending to one leaves the next alone.
func TestNormalizeKeepsItsOwnLists(t *testing.T) {
	returned, withheld, reasons := []string{"a", "b\x00"}, []string{"c"}, []string{"r1", "bad \xff"}
	e := normalize(Event{FieldsReturned: returned, FieldsWithheld: withheld, Reasons: reasons, KeyHashes: []string{}})
	if !slices.Equal(e.FieldsReturned, []string{"a", "b"}) || !slices.Equal(e.FieldsWithheld, []string{"c"}) ||
		!slices.Equal(e.Reasons, []string{"r1", "bad \uFFFD"}) || e.KeyHashes != nil {
		t.Fatalf("normalised lists %q %q %q %q", e.FieldsReturned, e.FieldsWithheld, e.Reasons, e.KeyHashes)
	}
	returned[0], withheld[0] = "changed", "changed"
	if e.FieldsReturned[0] != "a" || e.FieldsWithheld[0] != "c" {
		t.Error("the event shares the caller's arrays")
	}
	e.FieldsReturned = append(e.FieldsReturned, "x")
	e.FieldsWithheld = append(e.FieldsWithheld, "y")
	if e.FieldsWithheld[0] != "c" || e.Reasons[0] != "r1" {
		t.Errorf("an append to one list wrote into the next: %q %q", e.FieldsWithheld, e.Reasons)
	}
}
