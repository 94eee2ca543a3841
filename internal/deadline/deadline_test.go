package deadline

import (
	"testing"
	"time"
)

func TestSharedBoundsEveryWait(t *testing.T) {
	s := &Shared{D: 5 * time.Second, Grain: 50 * time.Millisecond}
	start := time.Now()
	first := s.Context(start)
	for _, step := range []time.Duration{0, time.Millisecond, 49 * time.Millisecond, 50 * time.Millisecond, 51 * time.Millisecond, time.Second, -time.Second} {
		now := start.Add(step)
		ctx := s.Context(now)
		deadline, ok := ctx.Deadline()
		if !ok || deadline.Before(now.Add(s.D)) || deadline.After(now.Add(s.D+s.Grain)) {
			t.Errorf("at +%s: deadline %s, want within [%s, %s]", step, deadline.Sub(now), s.D, s.D+s.Grain)
		}
		if shared := ctx == first; shared != (step >= 0 && step < s.Grain) {
			t.Errorf("at +%s: shared with the first context = %v", step, shared)
		}
	}
}

func TestSharedEnds(t *testing.T) {
	s := &Shared{D: 10 * time.Millisecond, Grain: time.Millisecond}
	ctx := s.Context(time.Now())
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the shared context did not end at its deadline")
	}
}
