package gateway

import (
	"encoding/json"
	"testing"

	"github.com/gdx-exchange/gdx/connectors"
)

// TestLookupAnswerIsJSONMarshal checks the hand-written answer against
// json.Marshal byte for byte, on text that needs every kind of escape.
func TestLookupAnswerIsJSONMarshal(t *testing.T) {
	tricky := []string{"", "plain", "สมชาย ใจดี", `quote " and \ backslash`, "<script>&</script>", "tab\tnew\nline\x01",
		"line\u2028sep\u2029", "bad \xff utf8", "emoji 😀", "\u00e9t\u00e9"}
	tests := []struct {
		name string
		res  LookupResult
	}{
		{"empty", LookupResult{}},
		{"nil lists", LookupResult{Dataset: "d", Record: connectors.Record{}, Masked: map[string]string{}}},
		{"full", LookupResult{Dataset: "dopa.person", DecisionID: "d-1", PolicyVersion: "v2", AuditEventID: "ev",
			Record: connectors.Record{"b": "2", "a": "1", "n": 42.5, "members": []any{map[string]any{"citizen_id": "x"}},
				"address": map[string]any{"province": "ปทุมธานี", "z": nil}, "flag": true},
			Withheld:    []WithheldField{{Field: "religion", Reasons: []string{"sensitive_field"}}, {Field: "x", Reasons: nil}},
			Masked:      map[string]string{"citizen_id": "partial", "a": "hash"},
			Obligations: []string{"log", "notify"}}},
	}
	for _, s := range tricky {
		tests = append(tests, struct {
			name string
			res  LookupResult
		}{"text " + s, LookupResult{Dataset: s, Record: connectors.Record{s: s}, Masked: map[string]string{s: s},
			Withheld: []WithheldField{{Field: s, Reasons: []string{s}}}, Obligations: []string{s}, DecisionID: s}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := json.Marshal(tt.res)
			if err != nil {
				t.Fatal(err)
			}
			got, err := appendLookupResult(nil, tt.res)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Fatalf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}
