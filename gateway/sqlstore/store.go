package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"time"

	"github.com/gdx-exchange/gdx/internal/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the gateway's shared tables and their migrations.
var Schema = sqldb.NewSchema("gateway", migrationFiles)

// Migrate brings the gateway's shared tables up to date; see
// sqldb.Schema.Migrate.
func Migrate(ctx context.Context, db *sqldb.DB) error { return Schema.Migrate(ctx, db) }

// Store is the gateway's shared state on one database.
type Store struct {
	db *sqldb.DB
}

// New returns a Store on a migrated db.
func New(db *sqldb.DB) *Store { return &Store{db: db} }

// Remember records the agency's token id until it expires and reports
// whether it was new. The insert either creates the row or conflicts, so
// two replicas racing on one jti cannot both see it as new.
func (s *Store) Remember(ctx context.Context, agency, jti string, until time.Time) (bool, error) {
	n, err := s.db.Exec(ctx, `INSERT INTO gateway_replay (agency, jti, until) VALUES ($1, $2, $3)
		ON CONFLICT (agency, jti) DO NOTHING`, agency, jti, sqldb.Micros(until))
	if err != nil {
		return false, fmt.Errorf("remember token id: %w", err)
	}
	return n == 1, nil
}

// pruneMargin keeps token ids well past their expiry, so that a replica
// whose clock runs ahead cannot prune ids another would still accept.
const pruneMargin = 10 * time.Minute

// PruneReplay deletes token ids that expired more than pruneMargin before
// now and returns how many went.
func (s *Store) PruneReplay(ctx context.Context, now time.Time) (int64, error) {
	n, err := s.db.Exec(ctx, `DELETE FROM gateway_replay WHERE until < $1`, sqldb.Micros(now.Add(-pruneMargin)))
	if err != nil {
		return 0, fmt.Errorf("prune token ids: %w", err)
	}
	return n, nil
}

// StartPruning prunes expired token ids every interval until ctx ends.
func (s *Store) StartPruning(ctx context.Context, every time.Duration, log *slog.Logger) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				if _, err := s.PruneReplay(ctx, now); err != nil && ctx.Err() == nil {
					log.Warn("pruning expired token ids failed", "err", err)
				}
			}
		}
	}()
}
