package sqldb_test

import (
	"encoding/json"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// stringLists are lists whose strings need each kind of escape
// json.Marshal writes, and some that need none.
var stringLists = [][]string{
	nil,
	{},
	{"name", "birth_date"},
	{"ชื่อ", "นามสกุล"},
	{`quote " and \ backslash`, "tab\tnew\nline", "\x00\x1f"},
	{"<script>&amp;</script>", "line\u2028sep\u2029para"},
	{"bad \xff utf-8", "\xe2\x80", "\xed\xa0\x80"},
	{""},
}

func marshalList(l []string) string {
	if len(l) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// TestEncodeStringsIsJSONMarshal: the hand-written list encoding is byte
// for byte what json.Marshal writes, whatever the strings hold.
func TestEncodeStringsIsJSONMarshal(t *testing.T) {
	for _, l := range stringLists {
		if got, want := sqldb.EncodeStrings(l), marshalList(l); got != want {
			t.Errorf("EncodeStrings(%q) = %s, want %s", l, got, want)
		}
	}
}

func FuzzAppendStrings(f *testing.F) {
	for _, l := range stringLists {
		if len(l) >= 2 {
			f.Add(l[0], l[1])
		}
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		l := []string{a, b}
		if got, want := sqldb.EncodeStrings(l), marshalList(l); got != want {
			t.Fatalf("EncodeStrings(%q) = %s, want %s", l, got, want)
		}
	})
}
