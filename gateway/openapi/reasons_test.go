package openapi_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/gateway/openapi"
)

// reasonSources are the files whose Reason… and Check… constants can be
// the reason of an agency API answer. gateway/admin's codes answer the
// admin API only.
var reasonSources = []string{
	"../reasons.go", "../reasons_frontdoor.go", "../authn/reasons.go",
	"../../internal/httpapi/reasons.go", "../../internal/httpapi/query.go", "../../internal/httpapi/decode.go",
	"../../catalog/reasons.go", "../../policies/reasons.go", "../../audit/reasons.go", "../../connectors/reasons.go",
}

// workflowReasons are policies' codes of the steward workflow, which the
// admin API answers and the agency API never does.
var workflowReasons = []string{"self_approval", "policy_not_tested", "policy_not_approved", "policy_not_superseded",
	"policy_refused", "policy_stale", "policy_scope", "policy_role"}

// TestReasonEnumIsTheSourcesCodes keeps the document's reason enum equal
// to the codes the code can answer with: a new code the document lacks
// would fail a client that validates answers.
func TestReasonEnumIsTheSourcesCodes(t *testing.T) {
	want := map[string]bool{}
	for _, file := range reasonSources {
		for _, code := range reasonConsts(t, file) {
			if !slices.Contains(workflowReasons, code) {
				want[code] = true
			}
		}
	}
	var doc struct {
		Components struct {
			Schemas struct {
				Reason struct{ Enum []string }
			}
		}
	}
	if err := json.Unmarshal(openapi.Document(), &doc); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, code := range doc.Components.Schemas.Reason.Enum {
		if have[code] {
			t.Errorf("reason %s is in the enum twice", code)
		}
		have[code] = true
		if !want[code] {
			t.Errorf("the enum has reason %s, which no source names", code)
		}
	}
	for code := range want {
		if !have[code] {
			t.Errorf("reason %s is missing from the enum", code)
		}
	}
	if len(want) < 90 {
		t.Errorf("found only %d reason codes in the sources", len(want))
	}
}

// reasonConsts returns the string values of the constants named Reason…
// or Check… in a Go file.
func reasonConsts(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, name := range spec.Names {
			if i >= len(spec.Values) || !(strings.HasPrefix(name.Name, "Reason") || strings.HasPrefix(name.Name, "Check")) {
				continue
			}
			if lit, ok := spec.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				v, _ := strconv.Unquote(lit.Value)
				out = append(out, v)
			}
		}
		return false
	})
	if len(out) == 0 {
		t.Fatalf("%s names no reason codes", file)
	}
	return out
}
