package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// text is one analysed free-text field: the normalised string that
// matching scans, and the byte offsets where its tokens start and end.
type text struct {
	s      string  // units separated by one space: Latin/digit words and whole Thai runs
	bounds []int32 // sorted byte offsets in s where a token starts or ends
	tokens int     // number of tokens, the field length for BM25
}

// Tokens splits s into the words the index uses: Latin letters and digits
// lowercased and split at anything else; Thai digits read as ASCII digits;
// Thai runs cut into dictionary words by maximal matching, with the
// clusters between known words kept together as one unknown word.
func Tokens(s string) []string {
	var out []string
	eachRun(s, func(run string, thai bool) {
		if !thai {
			out = append(out, run)
			return
		}
		rs := []rune(run)
		cuts := segment(rs)
		for i := 1; i < len(cuts); i++ {
			out = append(out, string(rs[cuts[i-1]:cuts[i]]))
		}
	})
	return out
}

// analyse builds the text of one field.
func analyse(s string) text {
	var b strings.Builder
	var bounds []int32
	tokens := 0
	eachRun(s, func(run string, thai bool) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		start := b.Len()
		b.WriteString(run)
		if !thai {
			bounds = append(bounds, int32(start), int32(b.Len()))
			tokens++
			return
		}
		rs := []rune(run)
		cuts := segment(rs)
		bounds = append(bounds, int32(start))
		off := start
		for i := 1; i < len(cuts); i++ {
			word := rs[cuts[i-1]:cuts[i]]
			inner := splitCompound(word)
			at := 0
			for k, r := range word {
				if len(inner) > 0 && inner[0] == k {
					bounds = append(bounds, int32(off+at))
					inner = inner[1:]
				}
				at += utf8.RuneLen(r)
			}
			off += at
			bounds = append(bounds, int32(off))
		}
		tokens += len(cuts) - 1
	})
	return text{s: b.String(), bounds: bounds, tokens: tokens}
}

// normQuery normalises a query term or phrase the way analyse normalises
// a field, so that the two can be compared byte for byte.
func normQuery(s string) string {
	var b strings.Builder
	eachRun(s, func(run string, _ bool) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(run)
	})
	return b.String()
}

// eachRun calls fn for every maximal run of word characters in s, after
// normalisation, telling whether the run is Thai. A change of script ends
// a run, so "ร้านABC" is two runs.
func eachRun(s string, fn func(run string, thai bool)) {
	var cur []rune
	curThai := false
	flush := func() {
		if len(cur) > 0 {
			run := string(cur)
			if curThai {
				run = strings.ReplaceAll(run, "\u0e4d\u0e32", "\u0e33")
			}
			fn(run, curThai)
			cur = cur[:0]
		}
	}
	for _, r := range s {
		r = normRune(r)
		switch {
		case isThai(r):
			if !curThai {
				flush()
				curThai = true
			}
			cur = append(cur, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || (unicode.IsMark(r) && len(cur) > 0 && !curThai):
			if curThai {
				flush()
				curThai = false
			}
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
}

// normRune lowercases and maps Thai digits to ASCII digits.
func normRune(r rune) rune {
	if r >= '๐' && r <= '๙' {
		return '0' + (r - '๐')
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}
	return unicode.ToLower(r)
}

// isThai reports whether r belongs in a Thai word: consonants, vowels and
// marks, but not the repetition mark ๆ, the abbreviation mark ฯ or the
// baht sign, which separate words.
func isThai(r rune) bool {
	if r < 0x0e01 || r > 0x0e4e {
		return false
	}
	return r != 0x0e2f && r != 0x0e3f && r != 0x0e46
}

// hasThai reports whether s contains a Thai letter.
func hasThai(s string) bool {
	for _, r := range s {
		if isThai(r) {
			return true
		}
	}
	return false
}
