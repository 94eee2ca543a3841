package policies

import (
	"slices"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// datasetValuesMax bounds how many datasets' input values a policy keeps.
const datasetValuesMax = 1024

// datasetValues remembers the AST form of the datasets a policy has
// decided on. Building a dataset's value (an object per field) is most of
// the cost of converting an input, and a dataset's metadata rarely changes,
// so a lookup reuses the value built for an equal dataset. OPA does not
// change the input it evaluates, so one value serves concurrent decisions.
type datasetValues struct {
	mu      sync.Mutex
	entries map[string]datasetValue
}

type datasetValue struct {
	dataset InputDataset
	value   ast.Value
}

// get returns the value of d, built now unless an equal dataset's value
// is remembered. A changed dataset replaces its entry; a full table takes
// no new datasets.
func (c *datasetValues) get(d InputDataset) ast.Value {
	c.mu.Lock()
	e, ok := c.entries[d.ID]
	c.mu.Unlock()
	if ok && sameDataset(e.dataset, d) {
		return e.value
	}
	v := d.value()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]datasetValue{}
	}
	if _, known := c.entries[d.ID]; known || len(c.entries) < datasetValuesMax {
		c.entries[d.ID] = datasetValue{dataset: cloneDataset(d), value: v}
	}
	return v
}

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
