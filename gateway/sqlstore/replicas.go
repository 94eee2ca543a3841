package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// Heartbeat records that the replica name is serving at now.
func (s *Store) Heartbeat(ctx context.Context, name string, now time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO gateway_replicas (name, seen) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET seen = excluded.seen`, name, sqldb.Micros(now))
	if err != nil {
		return fmt.Errorf("replica heartbeat %s: %w", name, err)
	}
	return nil
}

// LiveReplicas counts the replicas whose last heartbeat is after since.
func (s *Store) LiveReplicas(ctx context.Context, since time.Time) (int, error) {
	var n int64
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM gateway_replicas WHERE seen > $1`, sqldb.Micros(since)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count live replicas: %w", err)
	}
	return int(n), nil
}
