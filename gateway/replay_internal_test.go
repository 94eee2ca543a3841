package gateway

import (
	"strconv"
	"testing"
	"time"
)

// TestReplayGuardRotationReusesItsMaps: a jti is remembered for at least
// one window and forgotten after two, and once both generations have
// grown, a window's worth of new jtis and the rotation after it allocate
// nothing, so that a busy replica's memory stays flat.
func TestReplayGuardRotationReusesItsMaps(t *testing.T) {
	g := &ReplayGuard{Window: time.Minute}
	start := time.Unix(1_700_000_000, 0)
	remember := func(jti string, at time.Time) bool { return g.remember(keyOf("DLA", jti), at) }
	if !remember("a", start) || remember("a", start.Add(90*time.Second)) {
		t.Fatal("a jti seen within two windows must be refused")
	}
	if !remember("a", start.Add(3*time.Minute)) {
		t.Fatal("a jti seen more than two windows ago is left to the durable record")
	}
	window := func(w int) {
		at := start.Add(time.Duration(w) * time.Minute)
		for i := range 1000 {
			remember(strconv.Itoa(w*1000+i), at)
		}
	}
	for w := 4; w < 8; w++ { // both generations grow to a window's size
		window(w)
	}
	keys := make([]replayKey, 1000)
	for i := range keys {
		keys[i] = keyOf("DLA", "steady-"+strconv.Itoa(i))
	}
	w := 8
	allocs := testing.AllocsPerRun(5, func() {
		at := start.Add(time.Duration(w) * time.Minute)
		w++
		for _, k := range keys {
			g.remember(k, at)
		}
	})
	if allocs != 0 {
		t.Errorf("a steady window and its rotation allocated %.0f times, want none", allocs)
	}
}
