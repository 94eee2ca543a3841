package policies

import (
	"slices"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// valuesMax bounds how many input values of one kind a policy keeps.
const valuesMax = 1024

// valueMemo remembers the AST form of input parts a policy has decided
// on, by id: datasets (an object per field, most of the cost of
// converting an input), grants, agencies and purposes. Their metadata
// rarely changes, so a lookup reuses the value built for an equal part.
// OPA does not change the input it evaluates, so one value serves
// concurrent decisions.
type valueMemo[T any] struct {
	mu      sync.Mutex
	entries map[string]memoEntry[T]
}

type memoEntry[T any] struct {
	part  T
	value ast.Value
}

// get returns the value of part (id names it, same compares two parts,
// clone copies one, build converts one), built now unless an equal part's
// value is remembered. A changed part replaces its entry; a full table
// takes no new parts.
func (c *valueMemo[T]) get(id string, part T, same func(a, b T) bool, clone func(T) T, build func(T) ast.Value) ast.Value {
	c.mu.Lock()
	e, ok := c.entries[id]
	c.mu.Unlock()
	if ok && same(e.part, part) {
		return e.value
	}
	v := build(part)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]memoEntry[T]{}
	}
	if _, known := c.entries[id]; known || len(c.entries) < valuesMax {
		c.entries[id] = memoEntry[T]{part: clone(part), value: v}
	}
	return v
}

// inputValues holds the memos of one compiled policy.
type inputValues struct {
	agencies valueMemo[InputAgency]
	purposes valueMemo[InputPurpose]
	datasets valueMemo[InputDataset]
	grants   valueMemo[InputGrant]
}

// dataset returns the value of d.
func (c *inputValues) dataset(d InputDataset) ast.Value {
	return c.datasets.get(d.ID, d, sameDataset, cloneDataset, InputDataset.value)
}

// grant returns the value of g, or null for no grant.
func (c *inputValues) grant(g *InputGrant) ast.Value {
	if g == nil {
		return ast.Null{}
	}
	return c.grants.get(g.ID, *g, sameGrant, cloneGrant, InputGrant.value)
}

// input returns the value of in, with its agency's, purpose's,
// dataset's and grant's values taken from the memos.
func (c *inputValues) input(in Input) ast.Value {
	agency := c.agencies.get(in.Agency.Code, in.Agency, equal, same, InputAgency.value)
	purpose := c.purposes.get(in.Purpose.Code, in.Purpose, equal, same, InputPurpose.value)
	return in.valueOf(agency, purpose, c.dataset(in.Dataset), c.grant(in.Grant))
}

// equal compares parts that are plain values; same returns one as it is.
func equal[T comparable](a, b T) bool { return a == b }

func same[T any](x T) T { return x }

func sameDataset(a, b InputDataset) bool {
	return a.ID == b.ID && a.Owner == b.Owner && a.Classification == b.Classification &&
		a.IAL == b.IAL && a.AAL == b.AAL && slices.Equal(a.Fields, b.Fields)
}

// cloneDataset copies the fields so that a caller changing its slice
// later cannot make the remembered value disagree with its dataset.
func cloneDataset(d InputDataset) InputDataset {
	d.Fields = slices.Clone(d.Fields)
	return d
}

func sameGrant(a, b InputGrant) bool {
	// NOTE: the value renders times in UTC, so equal instants are equal.
	return a.ID == b.ID && a.Status == b.Status && a.ValidFrom.Equal(b.ValidFrom) && a.ValidTo.Equal(b.ValidTo) &&
		slices.Equal(a.Purposes, b.Purposes) && slices.Equal(a.Fields, b.Fields) && slices.Equal(a.Unmasked, b.Unmasked)
}

// cloneGrant copies the lists, as cloneDataset does.
func cloneGrant(g InputGrant) InputGrant {
	g.Purposes, g.Fields, g.Unmasked = slices.Clone(g.Purposes), slices.Clone(g.Fields), slices.Clone(g.Unmasked)
	return g
}
