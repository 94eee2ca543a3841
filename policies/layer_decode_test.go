package policies

import (
	"reflect"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestDecodeValue decodes decision documents of every shape from OPA's
// AST form and from their JSON form and requires the same decision or
// the same error: the AST fast path must never decode differently.
func TestDecodeValue(t *testing.T) {
	tests := []struct {
		name, doc string
		wantErr   bool
	}{
		{"sets", `{"allow": true, "fields": {"b", "a"}, "masks": {"a": "partial"}, "reasons": {"x:b"}, "obligations": {"o"}}`, false},
		{"arrays with duplicates", `{"allow": true, "fields": ["a", "a"], "reasons": [], "obligations": ["o"]}`, false},
		{"members absent", `{"allow": true}`, false},
		{"nulls", `{"allow": false, "fields": null, "masks": null, "reasons": null}`, false},
		{"allow not a boolean", `{"allow": "yes", "fields": ["a"]}`, false},
		{"unknown and non-string mask kinds", `{"allow": true, "masks": {"a": "blur", "b": 3, "c": "hash"}}`, false},
		{"non-string mask key", `{"allow": true, "masks": {1: "hash"}}`, false},
		{"field not a string", `{"allow": true, "fields": {"a", 1}}`, true},
		{"fields an object", `{"allow": true, "fields": {"a": true}}`, true},
		{"masks an array", `{"allow": true, "masks": ["a"]}`, true},
		{"not an object", `["allow"]`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := ast.MustParseTerm(tt.doc).Value
			j, err := ast.JSON(v)
			if err != nil {
				t.Fatal(err)
			}
			want, wantErr := decodeLayer("layer", j)
			got, gotErr := decodeValue("layer", v)
			if (gotErr != nil) != tt.wantErr || (wantErr != nil) != tt.wantErr {
				t.Fatalf("errors: ast %v, json %v; want error %v", gotErr, wantErr, tt.wantErr)
			}
			if gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Fatalf("ast error %q, json error %q", gotErr, wantErr)
			}
			want.normalize()
			got.normalize()
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("ast %+v\njson %+v", got, want)
			}
		})
	}
}
