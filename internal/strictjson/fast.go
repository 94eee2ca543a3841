package strictjson

import (
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// maxFastMembers is the most members an object may have for the fast
// path; a larger object is checked by the walker alone.
const maxFastMembers = 32

// fastAccept reports whether data passes every rule of Check, scanning
// the bytes once without allocating for the common text (strings without
// escapes). It is conservative: false means only "not proven here", and
// Check then runs the walker, which finds and names the fault. data must
// already be faithful UTF-8 (utf8Faithful).
//
// NOTE: it must accept nothing the walker refuses: the same grammar as
// encoding/json (RFC 8259), the same folding of names (foldEqual is
// foldName compared rune by rune), the same depth count and the same
// Text calls. FuzzFastMatchesWalker holds it to that.
func fastAccept(data []byte, rules Rules) bool {
	s := fastScanner{data: data, rules: rules}
	s.space()
	if !s.object(1) {
		return false
	}
	s.space()
	return s.i == len(s.data)
}

type fastScanner struct {
	data    []byte
	i       int
	rules   Rules
	scratch []byte // unescaped text of the string being read
}

func (s *fastScanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// consume skips c if it comes next, after white space.
func (s *fastScanner) consume(c byte) bool {
	s.space()
	if s.i < len(s.data) && s.data[s.i] == c {
		s.i++
		return true
	}
	return false
}

// object reads an object whose '{' is next; depth is its nesting level.
func (s *fastScanner) object(depth int) bool {
	if !s.consume('{') {
		return false
	}
	var names [maxFastMembers]string
	n := 0
	if s.consume('}') {
		return true
	}
	for {
		s.space()
		name, ok := s.str()
		if !ok || n == maxFastMembers || !s.nameOK(name, names[:n]) {
			return false
		}
		names[n] = name
		n++
		if !s.consume(':') || !s.value(depth) {
			return false
		}
		if s.consume('}') {
			return true
		}
		if !s.consume(',') {
			return false
		}
	}
}

// nameOK applies the name rules: no fold-duplicate of an earlier member,
// no case variant of a known name.
func (s *fastScanner) nameOK(name string, earlier []string) bool {
	for _, e := range earlier {
		if foldEqual(name, e) {
			return false
		}
	}
	for _, known := range s.rules.Names {
		if name != known && foldEqual(name, known) {
			return false
		}
	}
	return true
}

// value reads one value inside a container at depth.
func (s *fastScanner) value(depth int) bool {
	s.space()
	if s.i >= len(s.data) {
		return false
	}
	switch c := s.data[s.i]; {
	case c == '"':
		_, ok := s.str()
		return ok
	case c == '{':
		return depth < s.rules.MaxDepth && s.object(depth+1)
	case c == '[':
		return depth < s.rules.MaxDepth && s.array(depth+1)
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	}
	return s.literal("true") || s.literal("false") || s.literal("null")
}

func (s *fastScanner) array(depth int) bool {
	s.i++ // '['
	if s.consume(']') {
		return true
	}
	for {
		if !s.value(depth) {
			return false
		}
		if s.consume(']') {
			return true
		}
		if !s.consume(',') {
			return false
		}
	}
}

func (s *fastScanner) literal(lit string) bool {
	if len(s.data)-s.i >= len(lit) && string(s.data[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return true
	}
	return false
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (s *fastScanner) number() bool {
	if s.data[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.data) && s.data[s.i] == '0':
		s.i++
	case s.digits() == 0:
		return false
	}
	if s.i < len(s.data) && s.data[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return false
		}
	}
	if s.i < len(s.data) && (s.data[s.i] == 'e' || s.data[s.i] == 'E') {
		s.i++
		if s.i < len(s.data) && (s.data[s.i] == '+' || s.data[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return false
		}
	}
	return true
}

func (s *fastScanner) digits() int {
	start := s.i
	for s.i < len(s.data) && s.data[s.i] >= '0' && s.data[s.i] <= '9' {
		s.i++
	}
	return s.i - start
}

// str reads a string whose '"' is next and passes its text to the Text
// rule. The text returned shares data's memory (or the scratch buffer's,
// until the next escaped string) and must not outlive the check.
func (s *fastScanner) str() (string, bool) {
	if s.i >= len(s.data) || s.data[s.i] != '"' {
		return "", false
	}
	s.i++
	start, escaped := s.i, false
	for ; s.i < len(s.data); s.i++ {
		switch c := s.data[s.i]; {
		case c == '"':
			text := s.data[start:s.i]
			s.i++
			if escaped {
				var ok bool
				if text, ok = s.unescape(text); !ok {
					return "", false
				}
			}
			str := unsafe.String(unsafe.SliceData(text), len(text))
			return str, s.rules.Text == nil || s.rules.Text(str) == nil
		case c < 0x20:
			return "", false
		case c == '\\':
			escaped = true
			s.i++ // the escaped character; checked by unescape
		}
	}
	return "", false
}

// unescape decodes the escapes of a string's text into a copy. Lone
// surrogates cannot occur: utf8Faithful refused them.
func (s *fastScanner) unescape(text []byte) ([]byte, bool) {
	out := s.scratch[:0]
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i >= len(text) {
			return nil, false
		}
		switch text[i] {
		case '"', '\\', '/':
			out = append(out, text[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(text[i+1:])
			if r < 0 {
				return nil, false
			}
			i += 4
			if r >= 0xD800 && r <= 0xDBFF {
				if i+6 >= len(text) {
					return nil, false
				}
				lo := hex4(text[i+3:])
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				i += 6
			}
			out = utf8.AppendRune(out, rune(r))
		default:
			return nil, false
		}
	}
	s.scratch = out[len(out):] // the next string appends after this one
	return out, true
}

// foldEqual reports whether foldName(a) == foldName(b), without building
// either. ASCII pairs compare by lower case, which is what ToUpper of
// ToLower gives them; any other pair (an ASCII 's' and a non-ASCII 'ſ'
// fold alike) takes unicode's rune folding.
func foldEqual(a, b string) bool {
	for a != "" && b != "" {
		if ca, cb := a[0], b[0]; ca < utf8.RuneSelf && cb < utf8.RuneSelf {
			if ca != cb && lowerASCII(ca) != lowerASCII(cb) {
				return false
			}
			a, b = a[1:], b[1:]
			continue
		}
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb && unicode.ToUpper(unicode.ToLower(ra)) != unicode.ToUpper(unicode.ToLower(rb)) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b == ""
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
