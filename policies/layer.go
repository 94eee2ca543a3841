package policies

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// keepAST makes a prepared query return its bindings as ast.Value rather
// than converted to Go maps and slices; decodeValue reads them directly.
var keepAST = rego.GenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t.Value, nil })

// decodeValue reads a layer's `decision` document in OPA's AST form, as
// decodeLayer reads its JSON form. A document of the usual shape is read
// without converting it; any other goes through ast.JSON and decodeLayer,
// so that both forms always decode alike.
func decodeValue(layer string, v any) (Decision, error) {
	val, ok := v.(ast.Value)
	if !ok {
		return decodeLayer(layer, v)
	}
	if d, ok := decodeObject(val); ok {
		return d, nil
	}
	j, err := ast.JSON(val)
	if err != nil {
		return Decision{}, err
	}
	return decodeLayer(layer, j)
}

// decodeObject reads a decision object whose members are all absent or
// of their contract type with string elements; ok is false otherwise.
func decodeObject(v ast.Value) (d Decision, ok bool) {
	obj, isObj := v.(ast.Object)
	if !isObj {
		return Decision{}, false
	}
	if b, isBool := member(obj, "allow").(ast.Boolean); isBool {
		d.Allow = bool(b)
	}
	lists := []struct {
		key string
		dst *[]string
	}{{"fields", &d.Fields}, {"reasons", &d.Reasons}, {"obligations", &d.Obligations}}
	for _, l := range lists {
		if *l.dst, ok = stringsOf(member(obj, l.key)); !ok {
			return Decision{}, false
		}
	}
	d.Masks, ok = masksOf(member(obj, "masks"))
	return d, ok
}

var memberKeys = map[string]*ast.Term{}

func init() {
	for _, k := range []string{"allow", "fields", "masks", "reasons", "obligations"} {
		memberKeys[k] = ast.StringTerm(k)
	}
}

// member returns the object's value at key, or nil.
func member(obj ast.Object, key string) ast.Value {
	if t := obj.Get(memberKeys[key]); t != nil {
		return t.Value
	}
	return nil
}

// stringsOf reads an absent member, null, or a set or array of strings.
func stringsOf(v ast.Value) ([]string, bool) {
	var terms []*ast.Term
	switch x := v.(type) {
	case nil, ast.Null:
		return nil, true
	case ast.Set:
		terms = x.Slice()
	case *ast.Array:
		terms = make([]*ast.Term, 0, x.Len())
		x.Foreach(func(t *ast.Term) { terms = append(terms, t) })
	default:
		return nil, false
	}
	out := make([]string, 0, len(terms))
	for _, t := range terms {
		s, ok := t.Value.(ast.String)
		if !ok {
			return nil, false
		}
		out = append(out, string(s))
	}
	return out, true
}

// masksOf reads an absent member, null, or an object with string keys; an
// unknown or non-string kind becomes MaskRedact, as maskMap does.
func masksOf(v ast.Value) (map[string]string, bool) {
	out := map[string]string{}
	switch x := v.(type) {
	case nil, ast.Null:
		return out, true
	case ast.Object:
		ok := true
		x.Foreach(func(k, m *ast.Term) {
			f, isStr := k.Value.(ast.String)
			if !isStr {
				ok = false
				return
			}
			kind, _ := m.Value.(ast.String)
			if s := string(kind); s == MaskPartial || s == MaskHash {
				out[string(f)] = s
			} else {
				out[string(f)] = MaskRedact
			}
		})
		return out, ok
	}
	return nil, false
}
