package strictjson_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gdx-exchange/gdx/internal/strictjson"
)

// FuzzCheck: Check never panics, and whatever it accepts is one valid
// JSON object that encoding/json decodes without inventing a U+FFFD.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":"b"}`, `{"a":"\ud800"}`, `{"a":1,"A":2}`, "{\"a\":\"\xff\"}", `{"a":[{"b":"\\u"}]}`, `{"a":"\ud83d\ude00"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if strictjson.Check(data, strictjson.Rules{}) != nil {
			return
		}
		var v map[string]any
		if !json.Valid(data) || !utf8.Valid(data) || json.Unmarshal(data, &v) != nil {
			t.Fatalf("accepted %q, which is not one valid UTF-8 JSON object", data)
		}
		if out, _ := json.Marshal(v); strings.Count(string(out), "\ufffd") > strings.Count(string(data), "\ufffd")+strings.Count(strings.ToLower(string(data)), `\ufffd`) {
			t.Fatalf("accepted %q, which encoding/json decodes with a replacement character", data)
		}
	})
}
