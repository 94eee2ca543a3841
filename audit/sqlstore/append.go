package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// AppendBatch stores events, consecutive links of one writer's chain, in
// one transaction and moves the writer's head to the last of them. Errors:
// conflict (the batch does not continue the stored chain), invalid.
func (s *Store) AppendBatch(ctx context.Context, events []audit.Event) error {
	if err := checkBatch(events); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx sqldb.Tx) error {
		_, err := writeEvents(ctx, tx, nil, events, nil, s.chunk)
		return err
	})
	switch {
	case catalog.ErrorKind(err) == catalog.KindConflict:
		return err
	case errors.Is(err, sqldb.ErrConflict):
		return catalog.Errorf(catalog.KindConflict, "audit batch for chain %s conflicts with stored events: a fork or a duplicate event id",
			events[0].Writer).Wrap(err)
	case err != nil:
		return fmt.Errorf("append %d audit events to chain %s: %w", len(events), events[0].Writer, err)
	}
	return nil
}

// writeEvents stores events (checked by checkBatch), their key index and
// rows in tx, after the INSERTs recording claims, all in one Batch: on
// PostgreSQL one round trip for the whole group commit. It returns the
// rows each claim INSERT affected.
func writeEvents(ctx context.Context, tx sqldb.Tx, claims []audit.Claim, events []audit.Event, rows []audit.Row, chunk int) ([]int64, error) {
	first, last := events[0], events[len(events)-1]
	b := newStmtBuffer(batchArgs(len(claims), events, rows))
	defer b.release() // once Batch has returned: see stmtBuffer
	claimStmts(b, claims)
	pre := len(b.stmts)
	if err := headStmt(b, first, last); err != nil {
		return nil, err
	}
	eventStmts(b, events, chunk)
	keyStmts(b, events)
	if err := rowStmts(b, rows, chunk); err != nil {
		return nil, err
	}
	affected, err := tx.Batch(ctx, b.stmts)
	var failed *sqldb.BatchError
	switch {
	case errors.As(err, &failed) && failed.Index == pre && errors.Is(err, sqldb.ErrConflict):
		return nil, forked(first).Wrap(err) // the chain has begun already
	case err != nil:
		return nil, err
	case affected[pre] != 1: // the head was not where the batch continues it
		return nil, forked(first)
	}
	return affected[:pre], nil
}

// checkBatch checks that events are consecutive links of one chain, each
// in an encoding its hash covers whole.
func checkBatch(events []audit.Event) error {
	if len(events) == 0 {
		return catalog.Errorf(catalog.KindInvalid, "an audit batch holds at least one event")
	}
	for _, e := range events {
		if err := e.CheckEncoding(); err != nil {
			return err
		}
	}
	for i := 1; i < len(events); i++ {
		p, e := events[i-1], events[i]
		if e.Writer != p.Writer || e.Seq != p.Seq+1 || e.PrevHash != p.Hash {
			return catalog.Errorf(catalog.KindInvalid, "audit batch event %d does not follow event %d of chain %s", i, i-1, p.Writer)
		}
	}
	return nil
}

// headStmt adds the statement moving the writer's head from the link
// before first to last, if the head is still there: it affects one row,
// or none when the batch would fork the chain. The first batch of a chain
// inserts the head, and fails as a conflict when the chain has begun
// already.
func headStmt(b *stmtBuffer, first, last audit.Event) error {
	now, start := sqldb.Micros(last.Time), len(b.args)
	if first.Seq == 1 {
		if first.PrevHash != audit.GenesisHash {
			return forked(first)
		}
		b.args = append(b.args, last.Writer, last.Seq, last.Hash, now)
		b.add(`INSERT INTO audit_chains (writer, seq, hash, updated_us) VALUES ($1, $2, $3, $4)`, start)
		return nil
	}
	b.args = append(b.args, last.Writer, last.Seq, last.Hash, now, first.Seq-1, first.PrevHash)
	b.add(`UPDATE audit_chains SET seq = $2, hash = $3, updated_us = $4
		WHERE writer = $1 AND seq = $5 AND hash = $6`, start)
	return nil
}

// forked is the error of a batch that does not continue the stored chain.
func forked(first audit.Event) *catalog.Error {
	return catalog.Errorf(catalog.KindConflict,
		"audit chain %s does not end at seq %d with hash %.12s…: refusing to fork it", first.Writer, first.Seq-1, first.PrevHash)
}

// LastLink returns the head of writer's chain: Seq 0 and GenesisHash when
// it has none.
func (s *Store) LastLink(ctx context.Context, writer string) (audit.Link, error) {
	l := audit.Link{Writer: writer}
	err := s.db.QueryRow(ctx, `SELECT seq, hash FROM audit_chains WHERE writer = $1`, writer).Scan(&l.Seq, &l.Hash)
	switch {
	case errors.Is(err, sqldb.ErrNoRows):
		return audit.Link{Writer: writer, Hash: audit.GenesisHash}, nil
	case err != nil:
		return audit.Link{}, fmt.Errorf("read head of audit chain %s: %w", writer, err)
	}
	return l, nil
}

// writersSQL lists the writers of heads, checkpoints and events. The
// events' writers are found by a loose index scan (one primary key probe
// per writer, as a recursive query both engines run) rather than a DISTINCT
// over every event.
const writersSQL = `WITH RECURSIVE ew (writer) AS (
		SELECT min(writer) FROM audit_events
		UNION ALL
		SELECT (SELECT min(e.writer) FROM audit_events e WHERE e.writer > ew.writer) FROM ew WHERE ew.writer IS NOT NULL
	)
	SELECT writer FROM ew WHERE writer IS NOT NULL
	UNION SELECT writer FROM audit_chains
	UNION SELECT writer FROM audit_checkpoints`

// Writers returns, sorted, every writer with a head, an event or a
// checkpoint stored.
func (s *Store) Writers(ctx context.Context) ([]string, error) {
	names, err := sqldb.List(ctx, s.db, func(r scanner) (string, error) {
		var w string
		return w, r.Scan(&w)
	}, writersSQL)
	if err != nil {
		return nil, fmt.Errorf("list audit writers: %w", err)
	}
	return sortedUnique(names), nil
}
