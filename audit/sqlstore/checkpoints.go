package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// AddCheckpoint stores a checkpoint as given. Errors: conflict when the
// writer has one at that Seq.
func (s *Store) AddCheckpoint(ctx context.Context, c audit.Checkpoint) error {
	_, err := s.db.Exec(ctx, `INSERT INTO audit_checkpoints (writer, seq, hash, time_us, signature)
		VALUES ($1, $2, $3, $4, $5)`, c.Writer, c.Seq, c.Hash, sqldb.Micros(c.Time), c.Signature)
	switch {
	case errors.Is(err, sqldb.ErrConflict):
		return catalog.Errorf(catalog.KindConflict, "audit chain %s has a checkpoint at seq %d", c.Writer, c.Seq).Wrap(err)
	case err != nil:
		return fmt.Errorf("store checkpoint %s/%d: %w", c.Writer, c.Seq, err)
	}
	return nil
}

// ListCheckpoints returns up to limit of writer's checkpoints with Seq >
// after, by rising Seq.
func (s *Store) ListCheckpoints(ctx context.Context, writer string, after int64, limit int) ([]audit.Checkpoint, error) {
	cps, err := sqldb.List(ctx, s.db, scanCheckpoint, `SELECT writer, seq, hash, time_us, signature
		FROM audit_checkpoints WHERE writer = $1 AND seq > $2 ORDER BY seq LIMIT $3`, writer, after, int64(max(limit, 1)))
	if err != nil {
		return nil, fmt.Errorf("list checkpoints of %s: %w", writer, err)
	}
	return cps, nil
}

func scanCheckpoint(row scanner) (audit.Checkpoint, error) {
	var c audit.Checkpoint
	var us int64
	if err := row.Scan(&c.Writer, &c.Seq, &c.Hash, &us, &c.Signature); err != nil {
		return audit.Checkpoint{}, err
	}
	c.Time = sqldb.FromMicros(us)
	return c, nil
}

const withholdColumns = `id, grant_id, agency, dataset, until_us, reason, set_by, set_us, event_id`

// PutWithhold stores a withholding. Errors: conflict (the ID exists).
func (s *Store) PutWithhold(ctx context.Context, w audit.Withhold) error {
	_, err := s.db.Exec(ctx, `INSERT INTO audit_withholds (`+withholdColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, w.ID, w.Grant, w.Agency, w.Dataset,
		sqldb.Micros(w.Until), w.Reason, w.SetBy, sqldb.Micros(w.SetAt), w.EventID)
	switch {
	case errors.Is(err, sqldb.ErrConflict):
		return catalog.Errorf(catalog.KindConflict, "withholding %s already exists", w.ID).Wrap(err)
	case err != nil:
		return fmt.Errorf("store withholding %s: %w", w.ID, err)
	}
	return nil
}

// ListWithholds returns the withholdings in force at t (Until after t),
// or all of them when t is zero, ordered by ID.
func (s *Store) ListWithholds(ctx context.Context, t time.Time) ([]audit.Withhold, error) {
	q, args := `SELECT `+withholdColumns+` FROM audit_withholds`, []any{}
	if !t.IsZero() {
		q, args = q+` WHERE until_us > $1`, append(args, sqldb.Micros(t))
	}
	ws, err := sqldb.List(ctx, s.db, scanWithhold, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list withholdings: %w", err)
	}
	slices.SortFunc(ws, func(a, b audit.Withhold) int { return strings.Compare(a.ID, b.ID) })
	return ws, nil
}

func scanWithhold(row scanner) (audit.Withhold, error) {
	var w audit.Withhold
	var until, set int64
	err := row.Scan(&w.ID, &w.Grant, &w.Agency, &w.Dataset, &until, &w.Reason, &w.SetBy, &set, &w.EventID)
	if err != nil {
		return audit.Withhold{}, err
	}
	w.Until, w.SetAt = sqldb.FromMicros(until), sqldb.FromMicros(set)
	return w, nil
}
