package search

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestNeedleIndex checks the substring search led by any byte of the
// text against strings.Index.
func TestNeedleIndex(t *testing.T) {
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
		for off := range len(q) {
			if got := (needle{q: q, off: off}).index(s, from); got != want {
				t.Fatalf("needle{%q, %d}.index(%q, %d) = %d, want %d", q, off, s, from, got, want)
			}
		}
	}
}

// TestNeedleTakesTheRarestByte: the search is led by the byte of the
// text that the index's texts hold least often.
func TestNeedleTakesTheRarestByte(t *testing.T) {
	ix := NewIndex([]Doc{{ID: "1", Title: "ร้านอาหาร ร้านกาแฟ ร้านค้า"}, {ID: "2", Title: "banana bandana"}})
	cases := []struct {
		q    string
		want int
	}{
		{"ร้านอาหาร", len("ร้าน") + 2}, // อ's last byte occurs once (ห's too, later), ร's six times; every letter starts 0xE0
		{"bad", 2}, // d is rarer than a and b
		{"nab", 2},
	}
	for _, c := range cases {
		if got := ix.needle(c.q).off; got != c.want {
			t.Errorf("needle(%q).off = %d, want %d", c.q, got, c.want)
		}
	}
}
