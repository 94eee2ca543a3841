package policies

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestDecisionCache(t *testing.T) {
	p := mustDemoPolicy(t)
	in := lookup(t, "DLA", "licensing", "dopa.person", "citizen_id", "religion")
	first := decide(t, p, in)
	again := decide(t, p, in)
	if first.ID == again.ID || !slices.Equal(first.Fields, again.Fields) || !slices.Equal(first.Reasons, again.Reasons) {
		t.Fatalf("a repeated decision must be equal with a new id: %+v vs %+v", first, again)
	}
	again.Fields[0] = "tampered"
	if third := decide(t, p, in); third.Fields[0] == "tampered" {
		t.Fatal("a caller changed what the cache holds")
	}
	other := lookup(t, "RD", "tax_assessment", "dopa.person", "citizen_id", "religion")
	if d := decide(t, p, other); slices.Equal(d.Fields, first.Fields) && d.Allow == first.Allow && slices.Equal(d.Reasons, first.Reasons) {
		t.Fatal("another input was answered from the cache")
	}
	later := in
	later.Time = in.Time.Add(2 * time.Second)
	later.Grant.ValidTo = later.Time.Add(-time.Second) // the grant expired in between
	if d := decide(t, p, later); d.Allow {
		t.Fatal("a decision of an earlier second was reused after the grant expired")
	}
}

// TestGrantBoundsRoundTowardDenial: decisions see whole seconds, so a grant
// that ended half a second ago must not be read as still valid.
func TestGrantBoundsRoundTowardDenial(t *testing.T) {
	p := mustDemoPolicy(t)
	in := lookup(t, "DLA", "licensing", "dopa.person", "first_name_th")
	now := in.Time.Truncate(time.Second).Add(800 * time.Millisecond)
	in.Time = now
	in.Grant.ValidTo = now.Add(-300 * time.Millisecond) // ended within this second
	if d := decide(t, p, in); d.Allow {
		t.Fatalf("an expired grant allowed a lookup: %+v", d)
	}
}

func BenchmarkDecideCached(b *testing.B) {
	p := mustDemoPolicy(b)
	in := lookup(b, "DLA", "licensing", "dopa.person")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Decide(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// TestObligationsFollowTheReturnedFields: a purpose with a s.26 basis
// other than welfare gets religion from the baseline, DOPA's module then
// withholds it, and the sensitive-access obligation must go with it.
func TestObligationsFollowTheReturnedFields(t *testing.T) {
	p := mustDemoPolicy(t)
	in := lookup(t, "DLA", "welfare_eligibility", "dopa.person", "first_name_th", "religion")
	with := decide(t, p, in)
	if !slices.Contains(with.Fields, "religion") || !slices.Contains(with.Obligations, ObligationSensitiveAccess) {
		t.Fatalf("welfare with religion: %+v", with)
	}
	in.Purpose.Code = "disaster_relief" // same s.26 basis, but DOPA keeps religion to welfare
	in.Grant.Purposes = append(in.Grant.Purposes, "disaster_relief")
	without := decide(t, p, in)
	if slices.Contains(without.Fields, "religion") || slices.Contains(without.Obligations, ObligationSensitiveAccess) {
		t.Fatalf("religion withheld by the owner, yet: %+v", without)
	}
}

// TestDecisionCacheKeepsItsSecond: a late request from an earlier second
// must neither empty the current second's table nor be remembered; only a
// later second starts afresh.
func TestDecisionCacheKeepsItsSecond(t *testing.T) {
	var c decisionCache
	now := testNow.Truncate(time.Second)
	c.put([]byte("a"), now, Decision{PolicyVersion: "now"})
	c.put([]byte("b"), now.Add(-time.Second), Decision{PolicyVersion: "late"})
	if d, ok := c.get([]byte("a"), now); !ok || d.PolicyVersion != "now" {
		t.Fatalf("after a late put, get(a, now) = %+v, %v; want the entry kept", d, ok)
	}
	if _, ok := c.get([]byte("b"), now.Add(-time.Second)); ok {
		t.Fatal("a late request's decision was remembered")
	}
	if _, ok := c.get([]byte("b"), now); ok {
		t.Fatal("a late request's decision is served for the current second")
	}
	c.put([]byte("c"), now.Add(time.Second), Decision{})
	if _, ok := c.get([]byte("a"), now.Add(time.Second)); ok {
		t.Fatal("an entry of an earlier second survived the next second")
	}
	if _, ok := c.get([]byte("c"), now.Add(time.Second)); !ok {
		t.Fatal("the next second's entry is missing")
	}
}

// TestDecisionCacheBounded: a full table takes no more entries within its
// second and keeps those it has.
func TestDecisionCacheBounded(t *testing.T) {
	var c decisionCache
	now := testNow.Truncate(time.Second)
	for i := range cacheMaxEntries + 10 {
		c.put(fmt.Append(nil, i), now, Decision{})
	}
	if n := len(c.entries); n != cacheMaxEntries {
		t.Fatalf("%d entries, want %d", n, cacheMaxEntries)
	}
	if _, ok := c.get([]byte("0"), now); !ok {
		t.Fatal("a full table dropped its first entry")
	}
}
