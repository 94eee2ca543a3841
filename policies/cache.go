package policies

import (
	"slices"
	"sync"
	"time"
)

// Decisions are a pure function of their input: the safety check refuses
// policies that read the clock, randomness or the network. So a compiled
// policy may remember its recent decisions and answer a repeated input
// without evaluating Rego again, which is most of a lookup's CPU under
// load. The input's time is cut to the second (both for the key and for
// evaluation), so an entry serves at most one second of lookups; the cache
// belongs to one compiled version, so activation starts a fresh one.
const (
	cacheResolution = time.Second
	cacheMaxEntries = 4096
)

// decisionCache holds one second's decisions of one compiled policy.
type decisionCache struct {
	mu      sync.Mutex
	second  time.Time
	entries map[string]Decision
}

// get returns a copy of the cached decision for key at the input's second.
func (c *decisionCache) get(key []byte, second time.Time) (Decision, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(key) == 0 || !c.second.Equal(second) {
		return Decision{}, false
	}
	d, ok := c.entries[string(key)] // NOTE: Go looks up string(key) without copying it
	return cloneDecision(d), ok
}

// put remembers a decision of the input's second. Only a later second
// starts the table afresh: a late request from an earlier second is not
// remembered (it must not empty the table the current second is using),
// and a full table takes no more entries until the second moves on.
func (c *decisionCache) put(key []byte, second time.Time, d Decision) {
	if len(key) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case second.After(c.second):
		c.second, c.entries = second, map[string]Decision{}
	case second.Before(c.second), len(c.entries) >= cacheMaxEntries:
		return
	}
	c.entries[string(key)] = cloneDecision(d)
}

// cloneDecision copies the slices and map so that callers cannot change
// what the cache holds.
func cloneDecision(d Decision) Decision {
	d.Fields, d.Reasons, d.Obligations = slices.Clone(d.Fields), slices.Clone(d.Reasons), slices.Clone(d.Obligations)
	if d.Masks != nil {
		m := make(map[string]string, len(d.Masks))
		for k, v := range d.Masks {
			m[k] = v
		}
		d.Masks = m
	}
	return d
}
