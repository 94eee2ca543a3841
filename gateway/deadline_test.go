package gateway

import (
	"testing"
	"time"
)

func TestSharedDeadlineBoundsEveryWait(t *testing.T) {
	s := &sharedDeadline{d: 5 * time.Second, grain: 50 * time.Millisecond}
	start := time.Now()
	first := s.context(start)
	for _, step := range []time.Duration{0, time.Millisecond, 49 * time.Millisecond, 50 * time.Millisecond, 51 * time.Millisecond, time.Second, -time.Second} {
		now := start.Add(step)
		ctx := s.context(now)
		deadline, ok := ctx.Deadline()
		if !ok || deadline.Before(now.Add(s.d)) || deadline.After(now.Add(s.d+s.grain)) {
			t.Errorf("at +%s: deadline %s, want within [%s, %s]", step, deadline.Sub(now), s.d, s.d+s.grain)
		}
		if shared := ctx == first; shared != (step >= 0 && step < s.grain) {
			t.Errorf("at +%s: shared with the first context = %v", step, shared)
		}
	}
}

func TestSharedDeadlineEnds(t *testing.T) {
	s := &sharedDeadline{d: 10 * time.Millisecond, grain: time.Millisecond}
	ctx := s.context(time.Now())
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the shared context did not end at its deadline")
	}
}
