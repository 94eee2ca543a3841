package jsontext

import (
	"unicode/utf16"
	"unicode/utf8"
)

// appendUnquoted appends to b the value of the JSON string whose text
// between the quotes is raw, as encoding/json unquotes it: a \u escape of
// a surrogate that is not the first half of a valid pair becomes U+FFFD
// (and the escape after it is read on its own), and so does each byte of
// invalid UTF-8.
func appendUnquoted(b, raw []byte) []byte {
	for i := 0; i < len(raw); {
		switch c := raw[i]; {
		case c == '\\':
			b, i = appendEscape(b, raw, i)
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, n := utf8.DecodeRune(raw[i:])
			b = utf8.AppendRune(b, r)
			i += n
		}
	}
	return b
}

// appendEscape appends the value of the escape at raw[i] and returns the
// index after it.
func appendEscape(b, raw []byte, i int) ([]byte, int) {
	if i+1 >= len(raw) {
		return b, len(raw) // a lone backslash: not in checked text
	}
	switch c := raw[i+1]; c {
	case 'b':
		return append(b, '\b'), i + 2
	case 'f':
		return append(b, '\f'), i + 2
	case 'n':
		return append(b, '\n'), i + 2
	case 'r':
		return append(b, '\r'), i + 2
	case 't':
		return append(b, '\t'), i + 2
	case 'u':
		return appendRuneEscape(b, raw, i)
	default: // '"', '\\' and '/' stand for themselves
		return append(b, c), i + 2
	}
}

// appendRuneEscape appends the rune of the \uXXXX escape at raw[i], or of
// the surrogate pair of it and the escape after it.
func appendRuneEscape(b, raw []byte, i int) ([]byte, int) {
	r := hex4(raw, i)
	if r < 0 {
		return b, len(raw) // a short or bad escape: not in checked text
	}
	i += 6
	if utf16.IsSurrogate(r) {
		if pair := utf16.DecodeRune(r, hex4(raw, i)); pair != utf8.RuneError {
			return utf8.AppendRune(b, pair), i + 6
		}
		r = utf8.RuneError
	}
	return utf8.AppendRune(b, r), i
}

// hex4 returns the rune of the \uXXXX escape at raw[i], or -1 if there is
// none.
func hex4(raw []byte, i int) rune {
	if i+6 > len(raw) || raw[i] != '\\' || raw[i+1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range raw[i+2 : i+6] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
