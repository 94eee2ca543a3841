package policies

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// flatCache is the rule-value cache of one evaluation: OPA remembers
// there the value of every rule it has evaluated, so that each is
// evaluated once per decision. OPA's own keeps a tree with a hash map per
// path element, which costs about 80 allocations per decision of the demo
// set; this one keeps, per frame, one slice of entries chained by the
// reference's hash, and copies the references into one slice of terms.
// Frames behave as OPA's: Push starts an empty frame (`with`), Pop drops
// it, and Get and Put see only the top one.
type flatCache struct {
	frames []*cacheFrame
}

type cacheFrame struct {
	first   map[int]int32 // hash → index of its last entry
	entries []cacheEntry
	terms   []*ast.Term // backing for the entries' references
}

type cacheEntry struct {
	ref       ast.Ref
	value     *ast.Term
	undefined bool
	next      int32 // the previous entry of the same hash, or -1
}

var _ topdown.VirtualCache = (*flatCache)(nil)

// cacheFrameSize is the room a first frame starts with: the demo set
// evaluates about 30 rules per decision.
const cacheFrameSize = 48

func newCacheFrame(size int) *cacheFrame {
	return &cacheFrame{first: make(map[int]int32, size), entries: make([]cacheEntry, 0, size), terms: make([]*ast.Term, 0, 4*size)}
}

// newFlatCache returns a cache with its first frame.
func newFlatCache() *flatCache {
	return &flatCache{frames: []*cacheFrame{newCacheFrame(cacheFrameSize)}}
}

// Push starts an empty frame.
func (c *flatCache) Push() { c.frames = append(c.frames, newCacheFrame(4)) }

// Pop drops the top frame and everything it holds.
func (c *flatCache) Pop() {
	c.frames[len(c.frames)-1] = nil
	c.frames = c.frames[:len(c.frames)-1]
}

func (c *flatCache) top() *cacheFrame { return c.frames[len(c.frames)-1] }

// find returns the index of ref's entry in f, or -1.
func (f *cacheFrame) find(ref ast.Ref, h int) int32 {
	i, ok := f.first[h]
	if !ok {
		return -1
	}
	for ; i >= 0; i = f.entries[i].next {
		if f.entries[i].ref.Equal(ref) {
			return i
		}
	}
	return -1
}

// Get returns the value recorded for ref: (value, false) when defined,
// (nil, true) when recorded as undefined, (nil, false) when not recorded.
func (c *flatCache) Get(ref ast.Ref) (*ast.Term, bool) {
	f := c.top()
	i := f.find(ref, ref.Hash())
	switch {
	case i < 0:
		return nil, false
	case f.entries[i].undefined:
		return nil, true
	}
	return f.entries[i].value, false
}

// Put records value for ref, or that ref is undefined when value is nil.
// As in OPA's cache, a reference once undefined stays undefined.
func (c *flatCache) Put(ref ast.Ref, value *ast.Term) {
	f := c.top()
	h := ref.Hash()
	i := f.find(ref, h)
	if i < 0 {
		// NOTE: OPA may reuse the slice behind ref, so the entry keeps a
		// copy. A later append may move terms; the copies made before
		// keep the old backing array, which nothing changes.
		start := len(f.terms)
		f.terms = append(f.terms, ref...)
		prev, ok := f.first[h]
		if !ok {
			prev = -1
		}
		f.entries = append(f.entries, cacheEntry{ref: ast.Ref(f.terms[start:len(f.terms):len(f.terms)]), next: prev})
		i = int32(len(f.entries) - 1)
		f.first[h] = i
	}
	if value != nil {
		f.entries[i].value = value
	} else {
		f.entries[i].undefined = true
	}
}

// Keys returns the references with a recorded value in the top frame.
func (c *flatCache) Keys() []ast.Ref {
	var keys []ast.Ref
	for _, e := range c.top().entries {
		if e.value != nil {
			keys = append(keys, e.ref)
		}
	}
	return keys
}
