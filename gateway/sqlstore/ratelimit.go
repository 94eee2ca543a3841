package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// takeToken refills the bucket for the time since its last update, capped
// at the burst, and takes one token if one is there, in one statement: the
// row lock of the upsert (PostgreSQL) or the single writer (SQLite) keeps
// replicas from taking the same token twice. No row comes back when the
// bucket is empty. The casts keep PostgreSQL from inferring the rate as
// an integer.
const takeToken = `
INSERT INTO gateway_rate_buckets AS b (bucket, tokens, updated)
	VALUES ($1, CAST($2 AS DOUBLE PRECISION) - $5, CAST($4 AS BIGINT))
ON CONFLICT (bucket) DO UPDATE SET
	tokens = (CASE WHEN b.tokens + ($4 - b.updated) * CAST($3 AS DOUBLE PRECISION) > $2 THEN $2
		ELSE b.tokens + ($4 - b.updated) * CAST($3 AS DOUBLE PRECISION) END) - $5,
	updated = $4
WHERE (CASE WHEN b.tokens + ($4 - b.updated) * CAST($3 AS DOUBLE PRECISION) > $2 THEN $2
	ELSE b.tokens + ($4 - b.updated) * CAST($3 AS DOUBLE PRECISION) END) >= $5
RETURNING tokens`

// Take takes cost tokens from the named bucket, refilled at
// limit.PerMinute per minute up to limit.Burst (at least 1). It returns 0
// when the tokens were taken, else how long until they will be there; a
// cost above the burst never fits, and the caller refuses it first.
func (s *Store) Take(ctx context.Context, bucket string, limit catalog.RateLimit, cost int, now time.Time) (time.Duration, error) {
	if limit.PerMinute <= 0 {
		return 0, nil // no limit set
	}
	cost = max(cost, 1)
	burst := float64(max(limit.Burst, 1))
	if float64(cost) > burst {
		return 0, fmt.Errorf("rate limit %s: a cost of %d never fits a burst of %g", bucket, cost, burst)
	}
	perMicro := float64(limit.PerMinute) / float64(time.Minute.Microseconds())
	nowMicros := sqldb.Micros(now)
	var tokens float64
	// NOTE: one statement, no explicit transaction: every lookup of a busy
	// grant updates the same row, so its lock must not span round trips.
	err := s.db.WriteRow(ctx, takeToken, bucket, burst, perMicro, nowMicros, float64(cost)).Scan(&tokens)
	if err == nil {
		return 0, nil
	}
	if !errors.Is(err, sqldb.ErrNoRows) {
		return 0, fmt.Errorf("rate limit %s: %w", bucket, err)
	}
	return s.waitFor(ctx, bucket, burst, perMicro, nowMicros, float64(cost))
}

// waitFor computes how long until the bucket holds cost tokens.
func (s *Store) waitFor(ctx context.Context, bucket string, burst, perMicro float64, nowMicros int64, cost float64) (time.Duration, error) {
	var tokens float64
	var updated int64
	err := s.db.QueryRow(ctx, `SELECT tokens, updated FROM gateway_rate_buckets WHERE bucket = $1`, bucket).Scan(&tokens, &updated)
	if err != nil {
		return 0, fmt.Errorf("rate limit %s: %w", bucket, err)
	}
	have := min(burst, tokens+float64(nowMicros-updated)*perMicro)
	micros := (cost - have) / perMicro
	return time.Duration(max(micros, 1)) * time.Microsecond, nil
}
