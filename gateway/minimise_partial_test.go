package gateway

import (
	"strings"
	"testing"
)

// TestPartialKeepsTheLastFourCharacters holds partial to its definition
// by runes, invalid UTF-8 counting as U+FFFD.
func TestPartialKeepsTheLastFourCharacters(t *testing.T) {
	byRunes := func(s string) string {
		r := []rune(s)
		if len(r) <= 4 {
			return strings.Repeat("x", len(r))
		}
		return strings.Repeat("x", len(r)-4) + string(r[len(r)-4:])
	}
	for _, s := range []string{"", "a", "abcd", "abcde", "1103700000011", "สมชาย ใจดี", "ab\xffcd", "\xff\xfe\xfd\xfc\xfb", "a🇹🇭bc"} {
		if got, want := partial(s), byRunes(s); got != want {
			t.Errorf("partial(%q) = %q, want %q", s, got, want)
		}
	}
}
