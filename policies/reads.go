package policies

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// inputReads names the top-level input members that a compiled policy
// set's deciding modules refer to; nil means they may read all of it.
//
// The decision cache keys on the members a decision can depend on. Most
// sets never read input.officer (the baseline does not), so without this
// every officer of an agency would miss the cache for a decision that is
// the same for all of them: with a hundred officers, a hundred
// evaluations a second for one agency, dataset and purpose.
type inputReads map[string]bool

// alwaysKeyed are the members Go itself decides on, whatever the modules
// read: the dataset (the guard, the owner module, the fields that exist),
// the requested fields (only those may go out) and the time (the cache's
// own second).
var alwaysKeyed = []string{"dataset", "requested_fields", "time"}

// readsOf walks the compiled modules (imports of input resolved) and
// collects the first key of every reference to input. A reference to the
// whole input, or one whose first key is not a constant string (input[k],
// a `with input as` target, input passed to a function), reads it all.
func readsOf(modules map[string]*ast.Module) inputReads {
	reads, whole := inputReads{}, false
	var visit *ast.GenericVisitor
	visit = ast.NewGenericVisitor(func(x any) bool {
		switch x := x.(type) {
		case ast.Ref:
			if !x.HasPrefix(ast.InputRootRef) {
				return false
			}
			if key, ok := refKey(x); ok {
				reads[key] = true
			} else {
				whole = true
			}
			for _, t := range x[1:] {
				visit.Walk(t) // NOTE: not the head, or it would count as a bare input
			}
			return true
		case ast.Var:
			// a bare input (f(input), x := input, with input as …)
			whole = whole || x.Equal(ast.InputRootDocument.Value)
		}
		return whole
	})
	for _, m := range modules {
		visit.Walk(m)
	}
	if whole {
		return nil
	}
	for _, k := range alwaysKeyed {
		reads[k] = true
	}
	return reads
}

// refKey returns the first key of a reference to input, if it is a
// constant string.
func refKey(r ast.Ref) (string, bool) {
	if len(r) < 2 {
		return "", false
	}
	key, ok := r[1].Value.(ast.String)
	return string(key), ok
}

// keyed returns in with the members no module reads set to their zero
// value, so that inputs differing only there share a cache entry.
func (r inputReads) keyed(in Input) Input {
	if r == nil {
		return in
	}
	if !r["agency"] {
		in.Agency = InputAgency{}
	}
	if !r["officer"] {
		in.Officer = InputOfficer{}
	}
	if !r["purpose"] {
		in.Purpose = InputPurpose{}
	}
	if !r["ial"] {
		in.IAL = ""
	}
	if !r["aal"] {
		in.AAL = ""
	}
	if !r["grant"] {
		in.Grant = nil
	}
	return in
}
