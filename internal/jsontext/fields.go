package jsontext

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Field reads one member of a JSON object into a T: Name is the member's
// name as the struct tag gives it, and Read reads the member's value into
// v (with a Reader method, as json.Unmarshal reads the field's type).
type Field[T any] struct {
	Name string
	Read func(r *Reader, v *T) error
}

// Fields reads JSON objects into a T as json.Unmarshal reads them into a
// struct whose json tags are the names of the fields, in the struct's
// order. The names must be distinct.
type Fields[T any] []Field[T]

// Read reads the object that comes next into v, as json.Unmarshal does
// into a struct: a member goes to the field of its exact name, else to
// the first field whose name matches it under Unicode case folding
// (bytes.EqualFold, encoding/json's rule: "FIRSTNAME" and "firſtName"
// both read firstName); a member of no field is skipped; a member given
// twice is read twice, so the last wins; and null leaves v as it is. A
// field's error is wrapped with the field's name; Read adds nothing of
// the member's text or value, which may be personal data.
func (fs Fields[T]) Read(r *Reader, v *T) error {
	if r.Null() {
		return nil
	}
	return r.Object(func(name []byte) error {
		f := fs.lookup(name)
		if f == nil {
			return nil
		}
		if err := f.Read(r, v); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		return nil
	})
}

// lookup returns the field that reads the member name, or nil.
func (fs Fields[T]) lookup(name []byte) *Field[T] {
	for i := range fs {
		if fs[i].Name == string(name) {
			return &fs[i]
		}
	}
	for i := range fs {
		if bytes.EqualFold([]byte(fs[i].Name), name) {
			return &fs[i]
		}
	}
	return nil
}

// Embed returns fs as fields of an O that embeds the T at inner(o), as
// json.Unmarshal promotes the fields of an embedded struct. encoding/json's
// rules for names that clash between levels are not reproduced: the
// caller keeps the names of O's fields and the promoted ones apart.
func Embed[O, T any](fs Fields[T], inner func(*O) *T) Fields[O] {
	out := make(Fields[O], len(fs))
	for i, f := range fs {
		out[i] = Field[O]{Name: f.Name, Read: func(r *Reader, o *O) error { return f.Read(r, inner(o)) }}
	}
	return out
}

// Slice reads the array that comes next into *s, each element with elem,
// as json.Unmarshal reads one into a slice: null sets *s to nil, and
// element i is read into the (*s)[i] already there, even one between the
// length and the capacity, as reflect keeps it, so that an array given
// twice reads as encoding/json reads it. Past the capacity an element
// starts from the zero T, a shorter array truncates *s, and an empty one
// makes it a new empty slice.
func Slice[T any](r *Reader, s *[]T, elem func(*Reader, *T) error) error {
	if r.Null() {
		*s = nil
		return nil
	}
	v, i := *s, 0
	err := r.Array(func() error {
		if i == cap(v) {
			var zero T
			v = append(v, zero)
		}
		v = v[:max(len(v), i+1)]
		i++
		return elem(r, &v[i-1])
	})
	if err != nil {
		return err
	}
	if v = v[:i]; i == 0 {
		v = make([]T, 0)
	}
	*s = v
	return nil
}

// StringField is the Field of a string that at finds in a T (see
// Reader.String).
func StringField[T any](name string, at func(*T) *string) Field[T] {
	return Field[T]{Name: name, Read: func(r *Reader, v *T) error { return r.String(at(v)) }}
}

// Int64Field is the Field of an int64 that at finds in a T (see
// Reader.Int64).
func Int64Field[T any](name string, at func(*T) *int64) Field[T] {
	return Field[T]{Name: name, Read: func(r *Reader, v *T) error { return r.Int64(at(v)) }}
}

// NumberField is the Field of a json.Number that at finds in a T (see
// Reader.Number).
func NumberField[T any](name string, at func(*T) *json.Number) Field[T] {
	return Field[T]{Name: name, Read: func(r *Reader, v *T) error { return r.Number(at(v)) }}
}

// SliceField is the Field of a slice that at finds in a T, each element
// read with elem (see Slice).
func SliceField[T, E any](name string, at func(*T) *[]E, elem func(*Reader, *E) error) Field[T] {
	return Field[T]{Name: name, Read: func(r *Reader, v *T) error { return Slice(r, at(v), elem) }}
}

// IntField is the Field of an int that at finds in a T (see Reader.Int).
func IntField[T any](name string, at func(*T) *int) Field[T] {
	return Field[T]{Name: name, Read: func(r *Reader, v *T) error { return r.Int(at(v)) }}
}
