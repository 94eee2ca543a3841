package openapi_test

import (
	"encoding/json"
	"testing"

	"github.com/gdx-exchange/gdx/gateway/openapi"
)

// TestAMutatedDocumentFails shows that the checks can fail: each copy of
// the document is changed the way a careless edit (or a changed API)
// would make them disagree, and a golden answer must then be refused.
func TestAMutatedDocumentFails(t *testing.T) {
	tests := []struct {
		name   string
		answer string // the golden answer that must fail
		mutate func(doc map[string]any)
	}{
		{"a lookup member renamed", "lookup", func(doc map[string]any) {
			s := schema(doc, "LookupAnswer")
			props := s["properties"].(map[string]any)
			props["decisionId"] = props["decision_id"]
			delete(props, "decision_id")
			s["required"] = replace(s["required"].([]any), "decision_id", "decisionId")
		}},
		{"a reason code dropped", "lookup of a missing record", func(doc map[string]any) {
			s := schema(doc, "Reason")
			s["enum"] = replace(s["enum"].([]any), "record_not_found", "no_such_record")
		}},
		{"a status not documented", "lookup of a malformed key", func(doc map[string]any) {
			op := doc["paths"].(map[string]any)["/v1/datasets/{dataset}/records/{key}"].(map[string]any)["get"].(map[string]any)
			delete(op["responses"].(map[string]any), "400")
		}},
		{"a batch item member renamed", "batch", func(doc map[string]any) {
			props := schema(doc, "BatchItem")["properties"].(map[string]any)
			props["problem"] = props["error"]
			delete(props, "error")
		}},
	}
	answers := map[string]goldenExchange{}
	for _, e := range readGolden(t, "../testdata/answers.golden") {
		answers[e.name] = e
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := answers[tt.answer]
			if !ok {
				t.Fatalf("no golden answer %q", tt.answer)
			}
			if _, err := check(t, load(t, openapi.Document()), e, ""); err != nil {
				t.Fatalf("the document itself refuses %q: %v", tt.answer, err)
			}
			var doc map[string]any
			if err := json.Unmarshal(openapi.Document(), &doc); err != nil {
				t.Fatal(err)
			}
			tt.mutate(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := check(t, load(t, b), e, ""); err == nil {
				t.Errorf("the mutated document accepts %q", tt.answer)
			} else {
				t.Logf("refused as it should be: %.200v", err)
			}
		})
	}
}

func schema(doc map[string]any, name string) map[string]any {
	return doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
}

func replace(list []any, from, to string) []any {
	out := make([]any, len(list))
	for i, v := range list {
		if v == from {
			v = to
		}
		out[i] = v
	}
	return out
}
