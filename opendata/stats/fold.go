package stats

import (
	"math"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/audit"
)

// Outcomes of a counted request.
const (
	OutcomeAllow           = "allow"
	OutcomeDeny            = "deny"
	OutcomeError           = "error"
	OutcomeUnauthenticated = "unauthenticated"
)

// VolumeKey is one row of the monthly volumes.
type VolumeKey struct {
	Month    string // "2026-11", in UTC
	Consumer string // the consumer agency; "" when authentication failed before it was known
	Owner    string // the dataset's owner agency
	Dataset  string
	Outcome  string
}

// Volume counts requests (HTTP requests: a batch is one) and the records
// they asked for.
type Volume struct {
	Requests int64
	Records  int64
}

// ReasonKey is one row of decisions by reason.
type ReasonKey struct {
	Month   string
	Outcome string
	Reason  string // a policy reason code ("code" or "code:field") or the failed authentication check
}

// LatencyKey is one latency histogram: a month of one dataset's answered
// requests.
type LatencyKey struct {
	Month   string
	Dataset string
}

// Delta is what a run of events adds to the statistics.
type Delta struct {
	Volumes   map[VolumeKey]Volume
	Reasons   map[ReasonKey]int64
	Latencies map[LatencyKey][]int64 // counts per bucket, len Buckets
	Events    int
}

func newDelta() *Delta {
	return &Delta{Volumes: map[VolumeKey]Volume{}, Reasons: map[ReasonKey]int64{}, Latencies: map[LatencyKey][]int64{}}
}

// ownerOf names the owner agency of a dataset id; "" when unknown.
type ownerOf func(dataset string) string

// add folds one event into d. Events that are not requests (admin
// actions, withholdings) count for nothing.
func (d *Delta) add(e audit.Event, owner ownerOf) {
	outcome, ok := outcomeOf(e)
	if !ok {
		return
	}
	d.Events++
	month := Month(e.Time)
	n := int64(e.Occurrences())
	vk := VolumeKey{Month: month, Consumer: e.Agency, Owner: owner(e.Dataset), Dataset: e.Dataset, Outcome: outcome}
	v := d.Volumes[vk]
	v.Requests += n
	v.Records += n * int64(max(e.Keys, 1))
	d.Volumes[vk] = v
	for _, r := range reasonsOf(e) {
		d.Reasons[ReasonKey{Month: month, Outcome: outcome, Reason: r}] += n
	}
	if outcome == OutcomeAllow && e.Dataset != "" {
		lk := LatencyKey{Month: month, Dataset: e.Dataset}
		h := d.Latencies[lk]
		if h == nil {
			h = make([]int64, Buckets)
			d.Latencies[lk] = h
		}
		h[Bucket(e.LatencyMicros)] += n
	}
}

func outcomeOf(e audit.Event) (string, bool) {
	switch e.Kind {
	case audit.KindAuthFailure:
		return OutcomeUnauthenticated, true
	case audit.KindLookup, audit.KindBatch, audit.KindDenial:
	default:
		return "", false
	}
	switch e.Decision {
	case audit.DecisionAllow:
		return OutcomeAllow, true
	case audit.DecisionDeny:
		return OutcomeDeny, true
	}
	return OutcomeError, true
}

// reasonsOf returns the reason codes worth publishing: the policy's
// reasons, or the failed check of an authentication failure. Free text
// never appears; a reason is a stable code by construction.
func reasonsOf(e audit.Event) []string {
	if e.Kind == audit.KindAuthFailure {
		if e.Check == "" {
			return []string{"unknown_check"}
		}
		return []string{e.Check}
	}
	if e.Decision == audit.DecisionAllow {
		return nil
	}
	out := make([]string, 0, len(e.Reasons))
	for _, r := range e.Reasons {
		if r = strings.TrimSpace(r); r != "" && len(r) <= 128 {
			out = append(out, r)
		}
	}
	return out
}

// Month is the statistics month of t, in UTC ("2026-11").
func Month(t time.Time) string { return t.UTC().Format("2006-01") }

// Buckets is the number of latency buckets: bucket 0 holds latencies up to
// 100 µs, each next one 25 % more (about one bucket per 1/4 of a binary
// order of magnitude), the last one everything from about 20 s.
const Buckets = 56

const (
	bucketBase   = 100.0 // µs
	bucketFactor = 1.25
)

// Bucket is the histogram bucket of a latency in microseconds.
func Bucket(micros int64) int {
	if micros <= bucketBase {
		return 0
	}
	b := int(math.Ceil(math.Log(float64(micros)/bucketBase) / math.Log(bucketFactor)))
	return min(b, Buckets-1)
}

// BucketUpper is the largest latency (µs) bucket b holds.
func BucketUpper(b int) int64 {
	return int64(math.Round(bucketBase * math.Pow(bucketFactor, float64(b))))
}

// Percentile returns the upper bound (µs) of the bucket that holds the
// p-th percentile (0 < p ≤ 100) of histogram h, 0 when it is empty. The
// true value is at most 25 % below it.
func Percentile(h []int64, p float64) int64 {
	var total int64
	for _, c := range h {
		total += c
	}
	if total == 0 {
		return 0
	}
	rank := int64(math.Ceil(p / 100 * float64(total)))
	var seen int64
	for b, c := range h {
		seen += c
		if seen >= rank {
			return BucketUpper(b)
		}
	}
	return BucketUpper(len(h) - 1)
}
