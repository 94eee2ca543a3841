package licence

import (
	"strconv"
	"testing"
)

func TestSeenSetFindsRepeatsAcrossMerges(t *testing.T) {
	s := newSeenSet()
	const n = 3*seenTail + 123
	for i := range n {
		if first, dup := s.add("N-"+strconv.Itoa(i), i+2); dup {
			t.Fatalf("number %d reported as a repeat of line %d", i, first)
		}
	}
	if len(s.keys) != 3*seenTail || len(s.tail) != 123 {
		t.Fatalf("%d sorted, %d in the tail; want %d and 123", len(s.keys), len(s.tail), 3*seenTail)
	}
	for _, i := range []int{0, 1, seenTail - 1, seenTail, 2*seenTail + 7, n - 1} {
		first, dup := s.add("N-"+strconv.Itoa(i), n+10)
		if !dup || first != i+2 {
			t.Errorf("repeat of number %d: dup %v, first line %d; want line %d", i, dup, first, i+2)
		}
	}
}
