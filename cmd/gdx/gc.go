package main

import (
	"log/slog"
	"os"
	"runtime/debug"
)

// servingGCPercent is the collector's goal for a serving exchange when the
// operator has not set GOGC. Nearly everything a lookup allocates dies
// with its request, so the live heap is small and the collector, at Go's
// default of 100, ran about ten times a second under load, each cycle
// taking one of the two cores for its mark phase: a lookup that met one
// waited 10–15 ms, which was most of the p99 at half the maximum rate
// (docs/PERFORMANCE.md, section 3). At 400 it runs a quarter as often, for
// a peak heap a few times the small live one; GOGC or GOMEMLIMIT set by
// the operator still rule.
const servingGCPercent = 400

// tuneGC sets servingGCPercent unless GOGC is set.
func tuneGC(log *slog.Logger) {
	if v, set := os.LookupEnv("GOGC"); set {
		log.Debug("garbage collector goal from GOGC", "gogc", v)
		return
	}
	debug.SetGCPercent(servingGCPercent)
}
