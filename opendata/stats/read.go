package stats

import "context"

// Reader streams the stored statistics in a stable order (by month, then
// the other key columns), for downloads, the DataStore and charts.
type Reader interface {
	EachVolume(ctx context.Context, fn func(VolumeKey, Volume) error) error
	EachReason(ctx context.Context, fn func(ReasonKey, int64) error) error
	EachLatency(ctx context.Context, fn func(LatencyKey, []int64) error) error
}

func volumeRows(r Reader) func(context.Context, func([]any) error) error {
	return func(ctx context.Context, fn func([]any) error) error {
		row := make([]any, len(VolumeSchema))
		return r.EachVolume(ctx, func(k VolumeKey, v Volume) error {
			row[0], row[1], row[2], row[3], row[4], row[5], row[6] = k.Month, k.Consumer, k.Owner, k.Dataset, k.Outcome, v.Requests, v.Records
			return fn(row)
		})
	}
}

func reasonRows(r Reader) func(context.Context, func([]any) error) error {
	return func(ctx context.Context, fn func([]any) error) error {
		row := make([]any, len(ReasonSchema))
		return r.EachReason(ctx, func(k ReasonKey, n int64) error {
			row[0], row[1], row[2], row[3] = k.Month, k.Outcome, k.Reason, n
			return fn(row)
		})
	}
}

func latencyRows(r Reader) func(context.Context, func([]any) error) error {
	return func(ctx context.Context, fn func([]any) error) error {
		row := make([]any, len(LatencySchema))
		return r.EachLatency(ctx, func(k LatencyKey, h []int64) error {
			var n int64
			for _, c := range h {
				n += c
			}
			row[0], row[1], row[2] = k.Month, k.Dataset, n
			row[3], row[4], row[5] = ms(Percentile(h, 50)), ms(Percentile(h, 90)), ms(Percentile(h, 99))
			return fn(row)
		})
	}
}

func ms(micros int64) float64 { return float64(micros) / 1000 }
