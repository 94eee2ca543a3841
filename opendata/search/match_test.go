package search

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestIndexFrom checks the Thai-aware substring search against
// strings.Index.
func TestIndexFrom(t *testing.T) {
	alphabet := []string{"ก", "า", "ร", "้", "น", "ย", "ขา", "a", " ", "b", "ยา"}
	rng := rand.New(rand.NewPCG(5, 6))
	gen := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for range 20000 {
		s, q := gen(rng.IntN(12)), gen(1+rng.IntN(3))
		from := 0
		if len(s) > 0 {
			from = rng.IntN(len(s) + 1)
		}
		want := strings.Index(s[from:], q)
		if want >= 0 {
			want += from
		}
		if got := indexFrom(s, q, from); got != want {
			t.Fatalf("indexFrom(%q, %q, %d) = %d, want %d", s, q, from, got, want)
		}
	}
}
