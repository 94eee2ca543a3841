package sqldb

import (
	"encoding/json"
	"errors"
	"fmt"
	"unsafe"

	"github.com/gdx-exchange/gdx/internal/jsontext"
)

// JSON columns. Slices and small documents are stored as JSON in TEXT
// columns, the same text on both engines.
//
// The one convention for lists: a list column always holds a JSON array.
// A nil and an empty list are both written as '[]' (never SQL NULL, never
// JSON null), and '[]' reads back as nil, Go's empty list; test emptiness
// with len. 'null', which older rows may hold, reads back as nil too.
// Where a list must show as [] on the wire, the layer that writes the
// wire says so, not the store.

// EncodeJSON encodes a document (a map, a struct) for a TEXT column.
func EncodeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode JSON column: %w", err)
	}
	return string(b), nil
}

// DecodeJSON decodes a TEXT column written by EncodeJSON into v. Lists
// are read with DecodeList, which keeps the list convention.
func DecodeJSON(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("decode JSON column: %w", err)
	}
	return nil
}

// EncodeList encodes a list for a TEXT column; nil and empty become '[]'.
func EncodeList[T any](l []T) (string, error) {
	if len(l) == 0 {
		return "[]", nil
	}
	return EncodeJSON(l)
}

// EncodeStrings is EncodeList for strings, written without reflection:
// the same bytes as json.Marshal (FuzzAppendStrings).
func EncodeStrings(l []string) string {
	if len(l) == 0 {
		return "[]"
	}
	n := 2 + len(l) // brackets and commas, and below the quotes: exact unless a string needs escapes
	for _, e := range l {
		n += len(e) + 2
	}
	b := jsontext.AppendStrings(make([]byte, 0, n), l)
	// The bytes are never written again, so they can be the string, as
	// strings.Builder makes its string: one allocation, not two.
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// DecodeList decodes a list column written by EncodeList; an empty list
// reads back as nil.
func DecodeList[T any](s string) ([]T, error) {
	var l []T
	if err := json.Unmarshal([]byte(s), &l); err != nil {
		return nil, fmt.Errorf("decode JSON list column: %w", err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	return l, nil
}

// NotFound maps the error of a read of one row: ErrNoRows becomes missing
// (the owner's not-found error, naming the thing), any other error is
// wrapped with the operation, and nil stays nil.
func NotFound(err error, op string, missing error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNoRows):
		return missing
	}
	return fmt.Errorf("%s: %w", op, err)
}
