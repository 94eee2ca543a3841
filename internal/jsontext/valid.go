package jsontext

// valid is json.Valid in one pass of plain loops: encoding/json's scanner
// calls a state function per byte, which cost the upstream answers more
// than reading them. FuzzValidIsJSONValid holds the two to one answer.

// maxDepth is encoding/json's limit on nesting (its scanner's
// maxNestingDepth), so that valid refuses what json.Valid refuses.
const maxDepth = 10000

// valid reports whether data is one JSON value with only white space
// around it, as json.Valid does (which does not look at UTF-8 either).
func valid(data []byte) bool {
	i, ok := validValue(data, SkipSpace(data, 0), 1)
	return ok && SkipSpace(data, i) == len(data)
}

// validValue checks the value at data[i], at nesting depth (1 for the
// top), and returns the index after it.
func validValue(data []byte, i, depth int) (int, bool) {
	if i >= len(data) {
		return i, false
	}
	switch c := data[i]; {
	case c == '{':
		return validObject(data, i+1, depth)
	case c == '[':
		return validArray(data, i+1, depth)
	case c == '"':
		return validString(data, i+1)
	case c == '-' || isDigit(c):
		return validNumber(data, i)
	case c == 't':
		return validLiteral(data, i, "true")
	case c == 'f':
		return validLiteral(data, i, "false")
	case c == 'n':
		return validLiteral(data, i, "null")
	}
	return i, false
}

// validObject checks the members and the '}' of an object whose '{' is
// before data[i].
func validObject(data []byte, i, depth int) (int, bool) {
	if depth > maxDepth {
		return i, false
	}
	if i = SkipSpace(data, i); i < len(data) && data[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return i, false
		}
		var ok bool
		if i, ok = validString(data, i+1); !ok {
			return i, false
		}
		if i = SkipSpace(data, i); i >= len(data) || data[i] != ':' {
			return i, false
		}
		if i, ok = validValue(data, SkipSpace(data, i+1), depth+1); !ok {
			return i, false
		}
		if i = SkipSpace(data, i); i >= len(data) {
			return i, false
		}
		switch data[i] {
		case '}':
			return i + 1, true
		case ',':
			i = SkipSpace(data, i+1)
		default:
			return i, false
		}
	}
}

// validArray checks the elements and the ']' of an array whose '[' is
// before data[i].
func validArray(data []byte, i, depth int) (int, bool) {
	if depth > maxDepth {
		return i, false
	}
	if i = SkipSpace(data, i); i < len(data) && data[i] == ']' {
		return i + 1, true
	}
	for {
		var ok bool
		if i, ok = validValue(data, i, depth+1); !ok {
			return i, false
		}
		if i = SkipSpace(data, i); i >= len(data) {
			return i, false
		}
		switch data[i] {
		case ']':
			return i + 1, true
		case ',':
			i = SkipSpace(data, i+1)
		default:
			return i, false
		}
	}
}

// validString checks the rest of a string whose '"' is before data[i]: no
// control characters, and escapes only of RFC 8259 §7.
func validString(data []byte, i int) (int, bool) {
	for i < len(data) {
		switch c := data[i]; {
		case c == '"':
			return i + 1, true
		case c == '\\':
			n := escapeLength(data, i)
			if n == 0 {
				return i, false
			}
			i += n
		case c < 0x20:
			return i, false
		default:
			i++
		}
	}
	return i, false
}

// escapeLength is the length of the valid escape at data[i], or 0.
func escapeLength(data []byte, i int) int {
	if i+1 >= len(data) {
		return 0
	}
	switch data[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if i+6 > len(data) {
			return 0
		}
		for _, c := range data[i+2 : i+6] {
			if !isDigit(c) && (c|0x20 < 'a' || c|0x20 > 'f') {
				return 0
			}
		}
		return 6
	}
	return 0
}

// validNumber checks the number at data[i], of RFC 8259 §6's grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(data []byte, i int) (int, bool) {
	if data[i] == '-' {
		i++
	}
	if i >= len(data) || !isDigit(data[i]) {
		return i, false
	}
	if data[i] == '0' {
		i++
	} else {
		i = digits(data, i)
	}
	if i < len(data) && data[i] == '.' {
		if i++; i >= len(data) || !isDigit(data[i]) {
			return i, false
		}
		i = digits(data, i)
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		if i++; i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			return i, false
		}
		i = digits(data, i)
	}
	return i, true
}

// isNumber reports whether s is one JSON number and nothing else, as
// encoding/json's isValidNumber does.
func isNumber(s string) bool {
	if s == "" {
		return false
	}
	i, ok := validNumber([]byte(s), 0)
	return ok && i == len(s)
}

// digits returns the index after the run of digits at data[i].
func digits(data []byte, i int) int {
	for i < len(data) && isDigit(data[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// validLiteral checks that lit is at data[i].
func validLiteral(data []byte, i int, lit string) (int, bool) {
	if len(data)-i < len(lit) || string(data[i:i+len(lit)]) != lit {
		return i, false
	}
	return i + len(lit), true
}
