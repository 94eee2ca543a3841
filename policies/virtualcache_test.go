package policies

import (
	"context"
	"testing"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/open-policy-agent/opa/v1/ast"
)

func TestFlatCache(t *testing.T) {
	ref := func(s string) ast.Ref { return ast.MustParseRef(s) }
	c := newFlatCache()
	if v, undef := c.Get(ref("data.a.b")); v != nil || undef {
		t.Fatalf("empty cache Get = %v, %v", v, undef)
	}
	reused := ref("data.a.b")
	c.Put(reused, ast.IntNumberTerm(1))
	reused[2] = ast.StringTerm("z") // NOTE: OPA may reuse the slice it passed
	c.Put(ref("data.a.c"), nil)
	c.Put(ref(`data.a.s["k"]`), ast.BooleanTerm(true))
	tests := []struct {
		ref       string
		want      *ast.Term
		undefined bool
	}{
		{"data.a.b", ast.IntNumberTerm(1), false},
		{"data.a.c", nil, true},
		{`data.a.s["k"]`, ast.BooleanTerm(true), false},
		{"data.a", nil, false},        // a prefix of a recorded reference is not recorded
		{"data.a.b.x", nil, false},    // nor is a longer one
		{"data.b.a", nil, false},      // same terms in another order hash alike
		{"data.a.z", nil, false},      // the reused slice changed nothing
		{`data.a.s["j"]`, nil, false}, // another key of a partial rule
	}
	for _, tt := range tests {
		v, undef := c.Get(ref(tt.ref))
		if undef != tt.undefined || (v == nil) != (tt.want == nil) || v != nil && !v.Equal(tt.want) {
			t.Errorf("Get(%s) = %v, %v; want %v, %v", tt.ref, v, undef, tt.want, tt.undefined)
		}
	}
	if keys := c.Keys(); len(keys) != 2 {
		t.Errorf("Keys = %v, want the two defined references", keys)
	}
	c.Put(ref("data.a.c"), ast.IntNumberTerm(2))
	if _, undef := c.Get(ref("data.a.c")); !undef {
		t.Error("an undefined reference became defined")
	}
	c.Push()
	if v, _ := c.Get(ref("data.a.b")); v != nil {
		t.Errorf("a new frame sees %v from the one below", v)
	}
	c.Put(ref("data.a.b"), ast.IntNumberTerm(3))
	c.Pop()
	if v, _ := c.Get(ref("data.a.b")); v == nil || !v.Equal(ast.IntNumberTerm(1)) {
		t.Errorf("after Pop Get = %v, want 1", v)
	}
}

// TestWithInsideADecidingModule decides with a baseline that evaluates
// rules both as they are and under `with`, in both orders: a value of
// the outer evaluation must not answer inside (a), nor one of the inner
// outside afterwards (b). (OPA also skips the cache for references a
// `with` targets; TestFlatCache checks the frames themselves.)
func TestWithInsideADecidingModule(t *testing.T) {
	mods := Modules{"baseline.rego": `package gdx.baseline

active_a if input.agency.status == "active"

active_b if input.agency.status == "active"

inner_a if active_a with input.agency.status as "suspended"

inner_b if active_b with input.agency.status as "suspended"

a if {
	active_a == true
	not inner_a
}

b if {
	not inner_b
	active_b == true
}

decision := {
	"allow": input.dataset.classification != "top_secret",
	"fields": input.requested_fields,
	"reasons": {r | some r, ok in {"a": a, "b": b}; ok == true},
} if {
	a == true
	b == true
} else := {"allow": false, "reasons": {"frames_mixed"}}
`}
	p := mustCompile(t, "v-with", mods)
	in := lookup(t, demo.DLA, "licensing", demo.PersonDataset, "first_name_th")
	d, err := p.evaluate(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Allow || len(d.Reasons) != 2 {
		t.Errorf("decision = %+v; want allowed with reasons a and b", d)
	}
}
