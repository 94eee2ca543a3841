package jsontext

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Check returns nil if data is one JSON value of valid UTF-8: the text a
// Reader reads. Invalid UTF-8 is refused with ErrNotUTF8 (encoding/json
// would replace it, so a reader and a later one could see different
// text); anything else that is not JSON with encoding/json's own
// *json.SyntaxError, which names the offset of the first bad byte.
func Check(data []byte) error {
	if !utf8.Valid(data) {
		return ErrNotUTF8
	}
	if valid(data) {
		return nil
	}
	// The error path only: the same scan again, for encoding/json's message.
	var v struct{}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	return errors.New("jsontext: not one JSON value")
}

// ErrNotUTF8 is Check's refusal of text that is not valid UTF-8.
var ErrNotUTF8 = errors.New("text is not valid UTF-8")

// ErrType is wrapped by every refusal of a value of the wrong JSON type
// for where it is read, where json.Unmarshal would report an
// *json.UnmarshalTypeError.
var ErrType = errors.New("wrong JSON type")

// errInvalid is returned where the text is not valid JSON, which a Reader
// is not given if its caller checked first.
var errInvalid = errors.New("jsontext: not valid JSON (unchecked text)")

// Reader reads values from one JSON text as json.Unmarshal reads them into
// Go values of fixed types, without reflection. The text must have been
// checked first, by Check or by strictjson.Check (which checks the same
// and more): on unchecked text a Reader never panics nor loops, but what
// it returns is unspecified.
type Reader struct {
	data []byte
	text string // data's copy, if strings are cut from one
	i    int
}

// NewReader returns a Reader at the start of data, a checked JSON text.
func NewReader(data []byte) Reader { return Reader{data: data} }

// NewSharedReader is NewReader for a record of many strings: it copies
// data once, and each string it reads without an escape is a part of
// that copy rather than an allocation of its own. Any string read keeps
// the whole copy alive, so it suits a record read and dropped together
// (an upstream answer), not one string kept from a large text.
func NewSharedReader(data []byte) Reader { return Reader{data: data, text: string(data)} }

// Next skips white space and returns the first byte of the value that
// comes next ('{', '[', '"', 't', 'f', 'n', or a number's '-' or digit),
// or 0 at the end of the text.
func (r *Reader) Next() byte {
	r.i = SkipSpace(r.data, r.i)
	if r.i >= len(r.data) {
		return 0
	}
	return r.data[r.i]
}

// Null reads the value that comes next and reports true if it is null;
// any other value is left unread and Null reports false.
func (r *Reader) Null() bool {
	if r.Next() != 'n' {
		return false
	}
	r.Value()
	return true
}

// Object reads the object that comes next, calling member with each
// member's name, unquoted, with the reader at the member's value. member
// reads the value, or leaves it and it is skipped; name is valid only
// during the call. A member given twice is passed twice, so whatever
// member does last wins, as in json.Unmarshal. A value that is not an
// object is skipped and refused with ErrType.
func (r *Reader) Object(member func(name []byte) error) error {
	if r.Next() != '{' {
		return r.wrongType("an object")
	}
	r.i++
	for c := r.Next(); c != '}'; c = r.Next() {
		if c == ',' {
			r.i++
		}
		name, ok := r.name()
		if !ok {
			return errInvalid
		}
		at := r.i
		if err := member(name); err != nil {
			return err
		}
		if r.i == at {
			r.Value()
		}
	}
	r.i++
	return nil
}

// name reads a member's name and the ':' after it, and returns the name
// unquoted; an escape costs a copy.
func (r *Reader) name() ([]byte, bool) {
	raw, end, ok := RawString(r.data, SkipSpace(r.data, r.i))
	if !ok {
		return nil, false
	}
	if r.i = SkipSpace(r.data, end); r.i >= len(r.data) || r.data[r.i] != ':' {
		return nil, false
	}
	r.i++
	if hasEscape(raw) {
		return appendUnquoted(nil, raw), true
	}
	return raw, true
}

// Array reads the array that comes next, calling elem with the reader at
// each element, which elem reads, or leaves and it is skipped. A value
// that is not an array is skipped and refused with ErrType.
func (r *Reader) Array(elem func() error) error {
	if r.Next() != '[' {
		return r.wrongType("an array")
	}
	r.i++
	for c := r.Next(); c != ']'; c = r.Next() {
		if c == 0 {
			return errInvalid
		}
		at := r.i
		if err := elem(); err != nil {
			return err
		}
		if r.i == at {
			r.Value()
		}
		if r.Next() == ',' {
			r.i++
		}
	}
	r.i++
	return nil
}

// String reads a string into dst as json.Unmarshal reads one into a Go
// string: null leaves dst as it is, and any other type is refused with
// ErrType. An unpaired surrogate escape becomes U+FFFD.
func (r *Reader) String(dst *string) error {
	switch r.Next() {
	case '"':
		start := r.i
		raw, end, ok := RawString(r.data, start)
		if !ok {
			return errInvalid
		}
		r.i = end
		switch {
		case hasEscape(raw):
			*dst = string(appendUnquoted(make([]byte, 0, len(raw)), raw))
		case r.text != "":
			*dst = r.text[start+1 : end-1]
		default:
			*dst = string(raw)
		}
		return nil
	case 'n':
		r.Value()
		return nil
	}
	return r.wrongType("a string")
}

// Int64 reads a number into dst as json.Unmarshal reads one into an
// int64: null leaves dst as it is, a number with a fraction or an
// exponent (1.5, 1e3) or out of range is refused, and so is any other
// type, with ErrType.
func (r *Reader) Int64(dst *int64) error {
	v, set, err := r.integer(64)
	if set {
		*dst = v
	}
	return err
}

// Int is Int64 for an int.
func (r *Reader) Int(dst *int) error {
	v, set, err := r.integer(strconv.IntSize)
	if set {
		*dst = int(v)
	}
	return err
}

// Number reads a number into dst as json.Unmarshal reads one into a
// json.Number: its text as written, or the text of a string that holds
// one number; null leaves dst as it is, and any other type or a string
// that is not a number is refused with ErrType.
func (r *Reader) Number(dst *json.Number) error {
	switch c := r.Next(); {
	case c == 'n':
		r.Value()
		return nil
	case c == '-' || isDigit(c):
		*dst = json.Number(r.Value())
		return nil
	case c == '"':
		var s string
		if err := r.String(&s); err != nil {
			return err
		}
		if !isNumber(s) {
			return fmt.Errorf("%w: a string that is not a number where a number belongs", ErrType)
		}
		*dst = json.Number(s)
		return nil
	}
	return r.wrongType("a number")
}

// integer reads a number that fits bits; set is false for null.
func (r *Reader) integer(bits int) (v int64, set bool, err error) {
	switch c := r.Next(); {
	case c == 'n':
		r.Value()
		return 0, false, nil
	case c == '-' || c >= '0' && c <= '9':
		// strconv.ParseInt is what encoding/json calls, so a number is an
		// integer here exactly when it is one there.
		v, err := strconv.ParseInt(string(r.Value()), 10, bits)
		if err != nil {
			return 0, false, fmt.Errorf("%w: a number that is not an integer of %d bits", ErrType, bits)
		}
		return v, true, nil
	}
	return 0, false, r.wrongType("a number")
}

// Value skips the value that comes next and returns its text as written,
// without the white space around it: what json.Unmarshal passes to an
// UnmarshalJSON method.
func (r *Reader) Value() []byte {
	start := SkipSpace(r.data, r.i)
	switch r.Next() {
	case 0:
	case '"':
		_, r.i, _ = RawString(r.data, r.i)
	case '{', '[':
		r.container()
	default: // a number or a literal runs to the next delimiter
		r.i++
		for r.i < len(r.data) && !isDelimiter(r.data[r.i]) {
			r.i++
		}
	}
	return r.data[start:r.i]
}

// container skips the object or array that starts at r.i.
func (r *Reader) container() {
	depth := 0
	for r.i < len(r.data) {
		switch r.data[r.i] {
		case '"':
			_, r.i, _ = RawString(r.data, r.i)
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		r.i++
		if depth == 0 {
			return
		}
	}
}

// wrongType skips the value that comes next and returns its ErrType.
func (r *Reader) wrongType(want string) error {
	got := kindName(r.Next())
	r.Value()
	return fmt.Errorf("%w: %s where %s belongs", ErrType, got, want)
}

// kindName names the JSON type of a value that starts with c.
func kindName(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case 0:
		return "the end of the text"
	}
	return "a number"
}

// RawString reads the JSON string at data[i], returning its text between
// the quotes as written (escapes and all) and the index after it; an
// unterminated string runs to the end of data, and false means there was
// no whole string at i.
func RawString(data []byte, i int) ([]byte, int, bool) {
	if i >= len(data) || data[i] != '"' {
		return nil, i, false
	}
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return data[i+1 : j], j + 1, true
		}
	}
	return nil, len(data), false
}

// SkipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func SkipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

func isDelimiter(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

func hasEscape(raw []byte) bool {
	for _, c := range raw {
		if c == '\\' {
			return true
		}
	}
	return false
}
