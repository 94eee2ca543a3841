package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// DefaultMaxDepth bounds nesting when Rules.MaxDepth is zero.
const DefaultMaxDepth = 32

// Rules are what Check enforces beyond well-formed JSON.
type Rules struct {
	// MaxDepth bounds nesting, the top-level object being 1; zero means
	// DefaultMaxDepth.
	MaxDepth int
	// Names are member names to be matched exactly: a member whose name
	// equals one of them only once case is folded, as encoding/json
	// matches struct fields, is refused with ErrCaseVariant.
	Names []string
	// Text, if set, is called with every member name and string value;
	// the first error it returns is Check's. The string may share the
	// checked data's memory: Text must not keep it.
	Text func(s string) error
}

// Check checks that data is one JSON object that every reader decodes
// the same way: valid UTF-8 without lone surrogate escapes (ErrNotUTF8),
// no member given twice in an object, names compared as encoding/json
// compares them (*DuplicateError), no case variant of rules.Names, no
// nesting past rules.MaxDepth (ErrTooDeep), nothing after the object
// (ErrTrailing), and rules.Text satisfied. A syntax error is returned as
// encoding/json reports it.
func Check(data []byte, rules Rules) error {
	if !utf8Faithful(data) {
		return ErrNotUTF8
	}
	if rules.MaxDepth <= 0 {
		rules.MaxDepth = DefaultMaxDepth
	}
	if fastAccept(data, rules) {
		return nil
	}
	return walk(data, rules)
}

// walk is Check on faithful UTF-8 through encoding/json's tokens: slower
// than fastAccept, but it names the fault.
func walk(data []byte, rules Rules) error {
	w := &walker{dec: json.NewDecoder(bytes.NewReader(data)), rules: rules, exact: foldIndex(rules.Names)}
	w.dec.UseNumber()
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return ErrNotObject
	}
	if err := w.object(1); err != nil {
		return err
	}
	if _, err := w.dec.Token(); err != io.EOF {
		return ErrTrailing
	}
	return nil
}

// Sentinel errors of Check, told apart with errors.Is.
var (
	ErrNotUTF8     = errors.New("invalid UTF-8 or a lone UTF-16 surrogate escape")
	ErrCaseVariant = errors.New("member name differs only in case from a known name")
	ErrTooDeep     = errors.New("JSON nested too deeply")
	ErrNotObject   = errors.New("the JSON text is not an object")
	ErrTrailing    = errors.New("trailing data after the JSON object")
)

// DuplicateError reports a member name given twice in one object.
type DuplicateError struct{ Name string }

func (e *DuplicateError) Error() string { return fmt.Sprintf("duplicate member %.64q", e.Name) }

type walker struct {
	dec   *json.Decoder
	rules Rules
	exact map[string]string // folded name → the exact name
}

func (w *walker) object(depth int) error {
	seen := map[string]bool{}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		if err := w.text(name); err != nil {
			return err
		}
		folded := foldName(name)
		if seen[folded] {
			return &DuplicateError{Name: name}
		}
		seen[folded] = true
		if exact, ok := w.exact[folded]; ok && exact != name {
			return fmt.Errorf("%w: %.64q is not %q", ErrCaseVariant, name, exact)
		}
		if err := w.value(depth); err != nil {
			return err
		}
	}
	_, err := w.dec.Token() // '}'
	return err
}

func (w *walker) value(depth int) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case string:
		return w.text(v)
	case json.Delim:
		if depth >= w.rules.MaxDepth {
			return ErrTooDeep
		}
		if v == '{' {
			return w.object(depth + 1)
		}
		for w.dec.More() {
			if err := w.value(depth + 1); err != nil {
				return err
			}
		}
		_, err = w.dec.Token() // ']'
		return err
	}
	return nil
}

func (w *walker) text(s string) error {
	if w.rules.Text == nil {
		return nil
	}
	return w.rules.Text(s)
}

// foldName folds case as encoding/json does when it matches a member to a
// struct field, so that two names it would treat as one are seen as one.
func foldName(s string) string {
	return strings.Map(func(r rune) rune { return unicode.ToUpper(unicode.ToLower(r)) }, s)
}

func foldIndex(names []string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[foldName(n)] = n
	}
	return m
}

var (
	fieldNameCache sync.Map // reflect.Type → []string
	unmarshaler    = reflect.TypeFor[json.Unmarshaler]()
)

// FieldNames lists the JSON member names of every struct reachable from
// v's type, as encoding/json names them, for Rules.Names.
func FieldNames(v any) []string {
	t := reflect.TypeOf(v)
	if names, ok := fieldNameCache.Load(t); ok {
		return names.([]string)
	}
	var names []string
	collectNames(t, map[reflect.Type]bool{}, &names)
	fieldNameCache.Store(t, names)
	return names
}

func collectNames(t reflect.Type, seen map[reflect.Type]bool, names *[]string) {
	if t == nil || seen[t] || t.Implements(unmarshaler) || reflect.PointerTo(t).Implements(unmarshaler) {
		return // a type that decodes itself names its own members
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		collectNames(t.Elem(), seen, names)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case name == "-" || (!f.IsExported() && !f.Anonymous):
				continue
			case f.Anonymous && name == "":
				collectNames(f.Type, seen, names)
				continue
			case name == "":
				name = f.Name
			}
			*names = append(*names, name)
			collectNames(f.Type, seen, names)
		}
	}
}

// utf8Faithful reports whether data is valid UTF-8 and every \u escape
// naming a UTF-16 surrogate is half of a pair: encoding/json replaces
// both kinds of fault with U+FFFD instead of failing (RFC 8259 §8.2).
// A backslash is only valid JSON inside a string, so scanning escapes
// without tracking strings is exact for a text that then parses.
func utf8Faithful(data []byte) bool {
	if !utf8.Valid(data) {
		return false
	}
	for i := 0; i < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		i++ // the escaped character; a \\ pair is skipped whole
		if i >= len(data) || data[i] != 'u' {
			continue
		}
		switch r := hex4(data[i+1:]); {
		case r >= 0xDC00 && r <= 0xDFFF:
			return false
		case r >= 0xD800 && r <= 0xDBFF:
			if i+6 >= len(data) || data[i+5] != '\\' || data[i+6] != 'u' {
				return false
			}
			if lo := hex4(data[i+7:]); lo < 0xDC00 || lo > 0xDFFF {
				return false
			}
			i += 10
		default:
			i += 4
		}
	}
	return true
}

// hex4 decodes four hex digits, or returns -1.
func hex4(b []byte) int {
	if len(b) < 4 {
		return -1
	}
	v := 0
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | int(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | int(c-'A'+10)
		default:
			return -1
		}
	}
	return v
}
