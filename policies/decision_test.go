package policies

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/open-policy-agent/opa/v1/ast"
)

func TestWithheld(t *testing.T) {
	d := Decision{Allow: true, Fields: []string{"a"}, Reasons: []string{
		"sensitive_needs_s26_basis:b", "owner_withheld:b", "field_not_granted:c", "no_grant", "unknown_field:a"}}
	got := d.Withheld()
	want := map[string][]string{"b": {"sensitive_needs_s26_basis", "owner_withheld"}, "c": {"field_not_granted"}}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Withheld = %v, want %v", got, want)
	}
	if !d.HasReason("owner_withheld") || d.HasReason("top_secret") {
		t.Error("HasReason")
	}
}

// TestInputValueMatchesJSON checks that the direct AST conversion gives the
// document the JSON form (and so CONTRACT.md and the schema) describes.
func TestInputValueMatchesJSON(t *testing.T) {
	for _, in := range []Input{
		lookup(t, demo.DLA, "welfare_eligibility", demo.PersonDataset, "citizen_id", "religion"),
		lookup(t, demo.NOGRANT, "statistics", demo.LicenceDataset),
	} {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ast.ValueFromReader(bytesReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := in.value(); got.Compare(want) != 0 {
			t.Errorf("value()\n%v\nJSON\n%v", got, want)
		}
	}
}

func TestModulesLayout(t *testing.T) {
	tests := []struct{ file, owner, scope string }{
		{"baseline.rego", "", ScopeBaseline},
		{"lib/levels.rego", "", ScopeBaseline},
		{"owner/dopa/policy.rego", "dopa", "owner:dopa"},
		{"owner/dla_x/policy_test.rego", "dla_x", "owner:dla_x"},
	}
	for _, tt := range tests {
		if OwnerOf(tt.file) != tt.owner || ScopeOf(tt.file) != tt.scope {
			t.Errorf("%s: owner %q scope %q", tt.file, OwnerOf(tt.file), ScopeOf(tt.file))
		}
	}
	if OwnerKey("DLA-X") != "dla_x" {
		t.Error("OwnerKey")
	}
	if got := DemoSet().Owners(); !slices.Equal(got, []string{"dopa"}) {
		t.Errorf("demo owners = %v", got)
	}
}

func TestDiff(t *testing.T) {
	from := Modules{"a.rego": "package a\n\nx := 1\n", "gone.rego": "package gone\n"}
	to := Modules{"a.rego": "package a\n\nx := 2\n", "new.rego": "package new\n"}
	want := `--- a/a.rego
+++ b/a.rego
@@ -1,3 +1,3 @@
 package a
 
-x := 1
+x := 2
--- a/gone.rego
+++ /dev/null
@@ -1 +0,0 @@
-package gone
--- /dev/null
+++ b/new.rego
@@ -0,0 +1 @@
+package new
`
	if got := Diff(from, to); got != want {
		t.Errorf("Diff =\n%s\nwant\n%s", got, want)
	}
	if Diff(to, to) != "" {
		t.Error("diff of equal sets is not empty")
	}
}
