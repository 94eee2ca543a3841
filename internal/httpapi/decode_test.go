package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

type body struct {
	Keys   []string `json:"keys"`
	Fields []string `json:"fields,omitempty"`
	Nested *struct {
		Note string `json:"note"`
	} `json:"nested,omitempty"`
}

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name, in string
		kind     catalog.Kind
		reason   string
		want     []string // keys decoded, when accepted
	}{
		{name: "one object", in: `{"keys":["a","b"],"fields":["x"]}`, want: []string{"a", "b"}},
		{name: "surrounding white space", in: " \n{\"keys\":[\"a\"]}\n ", want: []string{"a"}},
		{name: "a surrogate pair", in: `{"keys":["\ud83d\ude00"]}`, want: []string{"😀"}},
		{name: "an escaped backslash before u", in: `{"keys":["\\ud800"]}`, want: []string{`\ud800`}},
		{name: "duplicate member", in: `{"keys":["a"],"keys":["b"]}`, kind: catalog.KindInvalid, reason: "duplicate_member"},
		{name: "duplicate differing in case", in: `{"keys":["a"],"KEYS":["b"]}`, kind: catalog.KindInvalid, reason: "duplicate_member"},
		{name: "nested duplicate", in: `{"keys":["a"],"nested":{"note":"x","note":"y"}}`, kind: catalog.KindInvalid, reason: "duplicate_member"},
		{name: "name only in another case", in: `{"Keys":["a"]}`, kind: catalog.KindInvalid, reason: "unknown_member"},
		{name: "Kelvin sign for K", in: `{"\u212aeys":["a"]}`, kind: catalog.KindInvalid, reason: "unknown_member"},
		{name: "unknown member", in: `{"keys":["a"],"admin":true}`, kind: catalog.KindInvalid, reason: "unknown_member"},
		{name: "trailing object", in: `{"keys":["a"]}{"keys":["b"]}`, kind: catalog.KindInvalid, reason: "body_malformed"},
		{name: "trailing garbage", in: `{"keys":["a"]} x`, kind: catalog.KindInvalid, reason: "body_malformed"},
		{name: "invalid UTF-8", in: "{\"keys\":[\"a\xff\"]}", kind: catalog.KindInvalid, reason: "body_not_utf8"},
		{name: "lone high surrogate", in: `{"keys":["\ud800"]}`, kind: catalog.KindInvalid, reason: "body_not_utf8"},
		{name: "high surrogate before a non-surrogate", in: `{"keys":["\ud800\u0041"]}`, kind: catalog.KindInvalid, reason: "body_not_utf8"},
		{name: "lone low surrogate", in: `{"keys":["\uDC00"]}`, kind: catalog.KindInvalid, reason: "body_not_utf8"},
		{name: "a NUL in a string", in: `{"keys":["a\u0000"]}`, kind: catalog.KindInvalid, reason: "body_nul"},
		{name: "a NUL in a member name", in: `{"keys":["a"],"nested":{"\u0000note":"x"}}`, kind: catalog.KindInvalid, reason: "body_nul"},
		{name: "other controls are text", in: `{"keys":["a\tb\nc"]}`, want: []string{"a\tb\nc"}},
		{name: "empty", in: "", kind: catalog.KindInvalid, reason: "body_empty"},
		{name: "white space only", in: " \r\n", kind: catalog.KindInvalid, reason: "body_empty"},
		{name: "not an object", in: `["a"]`, kind: catalog.KindInvalid, reason: "body_malformed"},
		{name: "wrong type", in: `{"keys":"a"}`, kind: catalog.KindInvalid, reason: "body_malformed"},
		{name: "too deep", in: `{"keys":[` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `]}`, kind: catalog.KindInvalid, reason: "body_malformed"},
		{name: "syntax error", in: `{"keys":["a",]}`, kind: catalog.KindInvalid, reason: "body_malformed"},
		{name: "too large", in: `{"keys":["` + strings.Repeat("a", 200) + `"]}`, kind: catalog.KindTooLarge, reason: "body_too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b body
			err := httpapi.DecodeJSON(strings.NewReader(tt.in), 128, &b)
			if tt.reason == "" {
				if err != nil || strings.Join(b.Keys, ",") != strings.Join(tt.want, ",") {
					t.Fatalf("DecodeJSON = %v, keys %q; want %q", err, b.Keys, tt.want)
				}
				return
			}
			if !catalog.IsKind(err, tt.kind) || catalog.ErrorReason(err) != tt.reason {
				t.Fatalf("DecodeJSON = %v (reason %q); want %s %s", err, catalog.ErrorReason(err), tt.kind, tt.reason)
			}
		})
	}
}

// TestEncodingJSONIsLax shows what the strict decoder exists for: the
// standard decoder takes each of these without complaint.
func TestEncodingJSONIsLax(t *testing.T) {
	for _, in := range []string{`{"keys":["a"],"keys":["b"]}`, `{"\u212aeys":["b"]}`, `{"keys":["\ud800"]}`, "{\"keys\":[\"\xff\"]}"} {
		var b body
		if err := json.Unmarshal([]byte(in), &b); err != nil || len(b.Keys) != 1 {
			t.Errorf("encoding/json refused %s (%v); the strict decoder's tests may no longer be needed", in, err)
		}
	}
}

func TestDecodeJSONMaxBytesReader(t *testing.T) {
	rec := httptest.NewRecorder()
	r := http.MaxBytesReader(rec, io.NopCloser(strings.NewReader(`{"keys":["abcdef"]}`)), 8)
	var b body
	err := httpapi.DecodeJSON(r, 1<<20, &b)
	if !catalog.IsKind(err, catalog.KindTooLarge) || !strings.Contains(catalog.ErrorMessage(err), "8 bytes") {
		t.Fatalf("DecodeJSON over a MaxBytesReader = %v; want too large naming its 8-byte limit", err)
	}
}
