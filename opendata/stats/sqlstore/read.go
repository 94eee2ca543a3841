package sqlstore

import (
	"context"
	"fmt"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/stats"
)

// EachVolume implements stats.Reader.
func (s *Store) EachVolume(ctx context.Context, fn func(stats.VolumeKey, stats.Volume) error) error {
	rows, err := s.db.Query(ctx, `SELECT month, consumer, owner, dataset, outcome, requests, records
		FROM stats_volume ORDER BY month, consumer, owner, dataset, outcome`)
	if err != nil {
		return err
	}
	return each(rows, func(r sqldb.Rows) error {
		var k stats.VolumeKey
		var v stats.Volume
		if err := r.Scan(&k.Month, &k.Consumer, &k.Owner, &k.Dataset, &k.Outcome, &v.Requests, &v.Records); err != nil {
			return err
		}
		return fn(k, v)
	})
}

// EachReason implements stats.Reader.
func (s *Store) EachReason(ctx context.Context, fn func(stats.ReasonKey, int64) error) error {
	rows, err := s.db.Query(ctx, `SELECT month, outcome, reason, count FROM stats_reason ORDER BY month, outcome, reason`)
	if err != nil {
		return err
	}
	return each(rows, func(r sqldb.Rows) error {
		var k stats.ReasonKey
		var n int64
		if err := r.Scan(&k.Month, &k.Outcome, &k.Reason, &n); err != nil {
			return err
		}
		return fn(k, n)
	})
}

// EachLatency implements stats.Reader: one histogram per month and
// dataset, in that order.
func (s *Store) EachLatency(ctx context.Context, fn func(stats.LatencyKey, []int64) error) error {
	rows, err := s.db.Query(ctx, `SELECT month, dataset, bucket, count FROM stats_latency ORDER BY month, dataset, bucket`)
	if err != nil {
		return err
	}
	var cur stats.LatencyKey
	var hist []int64
	flush := func() error {
		if hist == nil {
			return nil
		}
		return fn(cur, hist)
	}
	err = each(rows, func(r sqldb.Rows) error {
		var k stats.LatencyKey
		var b int
		var n int64
		if err := r.Scan(&k.Month, &k.Dataset, &b, &n); err != nil {
			return err
		}
		if k != cur || hist == nil {
			if err := flush(); err != nil {
				return err
			}
			cur, hist = k, make([]int64, stats.Buckets)
		}
		if b >= 0 && b < stats.Buckets {
			hist[b] += n
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

func each(rows sqldb.Rows, fn func(sqldb.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Rows implements stats.Published: the number of rows the table has as
// published (the latency table has one row per month and dataset).
func (s *Store) Rows(ctx context.Context, table string) (int64, error) {
	q, ok := map[string]string{
		stats.TableVolumes: `SELECT COUNT(*) FROM stats_volume`,
		stats.TableReasons: `SELECT COUNT(*) FROM stats_reason`,
		stats.TableLatency: `SELECT COUNT(*) FROM (SELECT DISTINCT month, dataset FROM stats_latency) AS l`,
	}[table]
	if !ok {
		return 0, fmt.Errorf("stats: no table %q", table)
	}
	var n int64
	err := s.db.QueryRow(ctx, q).Scan(&n)
	return n, err
}
