package policies

import (
	"maps"
	"slices"
	"testing"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/open-policy-agent/opa/v1/ast"
)

func TestReadsOf(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []string // nil: the whole input
	}{
		{"members by name", `allow if { input.agency.status == "active"; input.purpose.code == "x" }`,
			[]string{"agency", "purpose"}},
		{"an imported member", "import input.officer\n\nallow if officer.sub == \"o\"", []string{"officer"}},
		{"a nested reference", `allow if data.roles[input.officer.sub]`, []string{"officer"}},
		{"the whole input", `x := input`, nil},
		{"input passed to a function", "f(v) := v\n\nallow if f(input)", nil},
		{"a computed member", `allow if { some k; input[k] == "x" }`, nil},
		{"a with on the whole input", "y := input.ial\n\nallow if y with input as {\"ial\": \"3\"}", nil},
		{"nothing", `allow := true`, []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := ast.ParseModuleWithOpts("m.rego", "package t\n\n"+c.body, ast.ParserOptions{RegoVersion: ast.RegoV1})
			if err != nil {
				t.Fatal(err)
			}
			comp := ast.NewCompiler().WithDefaultRegoVersion(ast.RegoV1)
			if comp.Compile(map[string]*ast.Module{"m.rego": m}); comp.Failed() {
				t.Fatal(comp.Errors)
			}
			got := readsOf(comp.Modules)
			if c.want == nil {
				if got != nil {
					t.Fatalf("reads %v, want the whole input", slices.Sorted(maps.Keys(got)))
				}
				return
			}
			want := append(slices.Clone(c.want), alwaysKeyed...)
			slices.Sort(want)
			if got == nil || !slices.Equal(slices.Sorted(maps.Keys(got)), want) {
				t.Fatalf("reads %v, want %v", got, want)
			}
		})
	}
}

// The demo set never reads the officer: lookups of two officers of one
// agency for the same purpose and fields share one cached decision.
func TestOfficersShareCachedDecisions(t *testing.T) {
	p := mustDemoPolicy(t)
	if p.reads == nil || p.reads["officer"] {
		t.Fatalf("the demo set should read neither the whole input nor the officer: %v", p.reads)
	}
	in := lookup(t, demo.DLA, "licensing", demo.PersonDataset, "first_name_th")
	a := decide(t, p, in)
	in.Officer.Sub = "officer-8"
	b := decide(t, p, in)
	if !a.Allow || !b.Allow || len(p.cache.entries) != 1 {
		t.Fatalf("allow %v/%v, cache entries %d: want both allowed from one entry", a.Allow, b.Allow, len(p.cache.entries))
	}
}

// A module that reads the officer gets a decision per officer, even
// within one second.
func TestModuleReadingTheOfficerIsDecidedPerOfficer(t *testing.T) {
	mods := DemoSet()
	mods["owner/dopa/policy.rego"] = `package gdx.owner.dopa

decision := {
	"allow": input.officer.sub != "officer-banned",
	"fields": {f | some f in input.requested_fields},
	"masks": {},
	"reasons": set(),
	"obligations": set(),
}
`
	delete(mods, "owner/dopa/policy_test.rego")
	p := mustCompile(t, "v-officer", mods)
	in := lookup(t, demo.DLA, "licensing", demo.PersonDataset, "first_name_th")
	if d := decide(t, p, in); !d.Allow {
		t.Fatalf("officer-7 refused: %v", d.Reasons)
	}
	in.Officer.Sub = "officer-banned"
	if d := decide(t, p, in); d.Allow {
		t.Fatal("officer-banned allowed: the decision of another officer was served from the cache")
	}
}
