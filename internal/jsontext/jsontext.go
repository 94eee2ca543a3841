// Package jsontext writes and reads JSON of fixed shapes without
// reflection, for the hot paths. It writes strings, string lists and
// string maps as the bytes json.Marshal writes (the lookup answer, the
// decision-log row, list columns), and its Reader reads checked text as
// json.Unmarshal reads it into fixed types (the token claims, the
// upstream registries' answers). It imports nothing of ours.
package jsontext

import (
	"encoding/json"
	"slices"
	"unicode/utf8"
)

// AppendString appends s quoted as json.Marshal quotes it. Text that needs
// no escape is copied; anything else goes through encoding/json, so that
// the escaping (HTML characters, control characters, U+2028 and U+2029,
// invalid UTF-8) is exactly its own.
func AppendString(b []byte, s string) []byte {
	if plain(s) {
		return append(append(append(b, '"'), s...), '"')
	}
	raw, _ := json.Marshal(s) // a string always encodes
	return append(b, raw...)
}

// plain reports whether json.Marshal writes s between quotes as it is.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
		if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
			return false // U+2028, U+2029
		}
	}
	return utf8.ValidString(s)
}

// AppendStrings appends l as an array, as json.Marshal writes a non-nil
// slice; a nil l is written [] too (json.Marshal writes null), so a caller
// that means null says so itself.
func AppendStrings(b []byte, l []string) []byte {
	b = append(b, '[')
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, s)
	}
	return append(b, ']')
}

// AppendStringMap appends m as an object with its members in key order, as
// json.Marshal writes a non-nil map; a nil m is written {} too (json.Marshal
// writes null), so a caller that means null says so itself.
func AppendStringMap(b []byte, m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(AppendString(b, k), ':')
		b = AppendString(b, m[k])
	}
	return append(b, '}')
}
