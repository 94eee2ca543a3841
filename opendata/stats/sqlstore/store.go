package sqlstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/stats"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the statistics' tables and their migrations.
var Schema = sqldb.NewSchema("stats", migrationFiles)

// Store is the SQL implementation of stats.Store and stats.Reader.
type Store struct {
	db *sqldb.DB
}

var (
	_ stats.Store     = (*Store)(nil)
	_ stats.Reader    = (*Store)(nil)
	_ stats.Published = (*Store)(nil)
)

// New returns a Store on db, whose tables Schema.Migrate created.
func New(db *sqldb.DB) *Store { return &Store{db: db} }

// Cursor implements stats.Store.
func (s *Store) Cursor(ctx context.Context, writer string) (int64, error) {
	return cursor(ctx, s.db, writer)
}

func cursor(ctx context.Context, q sqldb.Querier, writer string) (int64, error) {
	var seq int64
	err := q.QueryRow(ctx, `SELECT seq FROM stats_cursor WHERE writer = $1`, writer).Scan(&seq)
	if errors.Is(err, sqldb.ErrNoRows) {
		return 0, nil
	}
	return seq, err
}

// Apply implements stats.Store.
func (s *Store) Apply(ctx context.Context, writer string, from, to int64, d *stats.Delta) error {
	return s.db.InTx(ctx, func(tx sqldb.Tx) error {
		if err := tx.Lock(ctx, "stats.refresh"); err != nil {
			return err
		}
		at, err := cursor(ctx, tx, writer)
		if err != nil {
			return err
		}
		if at != from {
			return catalog.Errorf(catalog.KindConflict, "statistics of %s were counted to %d meanwhile, not %d", writer, at, from)
		}
		if err := addDelta(ctx, tx, d); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO stats_cursor (writer, seq, updated_us) VALUES ($1, $2, $3)
			ON CONFLICT (writer) DO UPDATE SET seq = excluded.seq, updated_us = excluded.updated_us`,
			writer, to, time.Now().UnixMicro())
		return err
	})
}

func addDelta(ctx context.Context, tx sqldb.Tx, d *stats.Delta) error {
	for k, v := range d.Volumes {
		if _, err := tx.Exec(ctx, `INSERT INTO stats_volume (month, consumer, owner, dataset, outcome, requests, records)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (month, consumer, owner, dataset, outcome) DO UPDATE SET
			requests = stats_volume.requests + excluded.requests, records = stats_volume.records + excluded.records`,
			k.Month, k.Consumer, k.Owner, k.Dataset, k.Outcome, v.Requests, v.Records); err != nil {
			return fmt.Errorf("add volume: %w", err)
		}
	}
	for k, n := range d.Reasons {
		if _, err := tx.Exec(ctx, `INSERT INTO stats_reason (month, outcome, reason, count) VALUES ($1, $2, $3, $4)
			ON CONFLICT (month, outcome, reason) DO UPDATE SET count = stats_reason.count + excluded.count`,
			k.Month, k.Outcome, k.Reason, n); err != nil {
			return fmt.Errorf("add reason: %w", err)
		}
	}
	for k, h := range d.Latencies {
		for b, n := range h {
			if n == 0 {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO stats_latency (month, dataset, bucket, count) VALUES ($1, $2, $3, $4)
				ON CONFLICT (month, dataset, bucket) DO UPDATE SET count = stats_latency.count + excluded.count`,
				k.Month, k.Dataset, b, n); err != nil {
				return fmt.Errorf("add latency: %w", err)
			}
		}
	}
	return nil
}

// Refreshed implements stats.Store.
func (s *Store) Refreshed(ctx context.Context) (time.Time, error) {
	var us *int64
	if err := s.db.QueryRow(ctx, `SELECT MAX(updated_us) FROM stats_cursor`).Scan(&us); err != nil {
		return time.Time{}, err
	}
	if us == nil {
		return time.Time{}, nil
	}
	return time.UnixMicro(*us).UTC(), nil
}
