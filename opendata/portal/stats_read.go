package portal

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/gdx-exchange/gdx/opendata/stats"
)

// Outcomes as the statistics record them.
const (
	outcomeAllow = "allow"
	outcomeDeny  = "deny"
)

// reasonsShown caps the denials-by-reason chart and table.
const reasonsShown = 12

// monthRow is one month of requests by outcome.
type monthRow struct {
	Month              string
	Allow, Deny, Other int64
}

// reasonRow is one reason for denials, over every month.
type reasonRow struct {
	Reason string
	Count  int64
}

// latencyRow is one month's latency over every dataset, in milliseconds.
type latencyRow struct {
	Month         string
	Requests      int64
	P50, P90, P99 float64
}

// readVolumes sums the requests of each month by outcome, oldest first.
func readVolumes(ctx context.Context, r stats.Reader) ([]monthRow, error) {
	var rows []monthRow
	err := r.EachVolume(ctx, func(k stats.VolumeKey, v stats.Volume) error {
		if len(rows) == 0 || rows[len(rows)-1].Month != k.Month {
			rows = append(rows, monthRow{Month: k.Month})
		}
		m := &rows[len(rows)-1]
		switch k.Outcome {
		case outcomeAllow:
			m.Allow += v.Requests
		case outcomeDeny:
			m.Deny += v.Requests
		default:
			m.Other += v.Requests
		}
		return nil
	})
	return rows, err
}

// readReasons sums the denials of every month by reason, most first.
func readReasons(ctx context.Context, r stats.Reader) ([]reasonRow, error) {
	byReason := map[string]int64{}
	err := r.EachReason(ctx, func(k stats.ReasonKey, n int64) error {
		if k.Outcome != outcomeAllow {
			byReason[k.Reason] += n
		}
		return nil
	})
	rows := make([]reasonRow, 0, len(byReason))
	for reason, n := range byReason {
		rows = append(rows, reasonRow{reason, n})
	}
	slices.SortFunc(rows, func(a, b reasonRow) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Reason, b.Reason)
	})
	return rows[:min(len(rows), reasonsShown)], err
}

// readLatency merges each month's histograms over every dataset and
// reads their percentiles.
func readLatency(ctx context.Context, r stats.Reader) ([]latencyRow, error) {
	var months []string
	hists := map[string][]int64{}
	err := r.EachLatency(ctx, func(k stats.LatencyKey, h []int64) error {
		sum, ok := hists[k.Month]
		if !ok {
			months = append(months, k.Month)
		}
		for len(sum) < len(h) {
			sum = append(sum, 0)
		}
		for i, c := range h {
			sum[i] += c
		}
		hists[k.Month] = sum
		return nil
	})
	slices.Sort(months)
	rows := make([]latencyRow, 0, len(months))
	for _, m := range months {
		h := hists[m]
		var n int64
		for _, c := range h {
			n += c
		}
		rows = append(rows, latencyRow{Month: m, Requests: n, P50: ms(stats.Percentile(h, 50)),
			P90: ms(stats.Percentile(h, 90)), P99: ms(stats.Percentile(h, 99))})
	}
	return rows, err
}

func ms(micros int64) float64 { return float64(micros) / 1000 }
