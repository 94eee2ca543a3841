package jsontext_test

import (
	"encoding/json"
	"testing"

	"github.com/gdx-exchange/gdx/internal/jsontext"
)

// texts need each kind of escape json.Marshal writes, and some none.
var texts = []string{"", "name", "ชื่อ", `quote " and \ backslash`, "tab\tnew\nline", "\x00\x1f",
	"<script>&amp;</script>", "line\u2028sep\u2029para", "bad \xff utf-8", "\xe2\x80", "\xed\xa0\x80"}

func TestAppendStringIsJSONMarshal(t *testing.T) {
	for _, s := range texts {
		want, _ := json.Marshal(s)
		if got := jsontext.AppendString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("AppendString(%q) = %s, want x%s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range texts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := jsontext.AppendString(nil, s); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestAppendStringMapIsJSONMarshal(t *testing.T) {
	for _, m := range []map[string]string{{}, {"b": "2", "a": "<1>"}, {"ชื่อ": "x\u2028", "": ""}} {
		want, _ := json.Marshal(m)
		if got := jsontext.AppendStringMap(nil, m); string(got) != string(want) {
			t.Errorf("AppendStringMap(%v) = %s, want %s", m, got, want)
		}
	}
	if got := jsontext.AppendStringMap(nil, nil); string(got) != "{}" {
		t.Errorf("a nil map = %s, want {}", got)
	}
}

func TestAppendStringsIsJSONMarshal(t *testing.T) {
	for _, l := range [][]string{{}, {"a"}, {"ชื่อ", `"q" \ <b>`, "bad \xff", "\u2028"}} {
		want, _ := json.Marshal(l)
		if got := jsontext.AppendStrings(nil, l); string(got) != string(want) {
			t.Errorf("AppendStrings(%q) = %s, want %s", l, got, want)
		}
	}
	if got := jsontext.AppendStrings(nil, nil); string(got) != "[]" {
		t.Errorf("a nil list = %s, want []", got)
	}
}
