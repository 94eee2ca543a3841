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
	err := s.commitNew(ctx, nil, events, nil)
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

// commitNew stores a batch, its claims taken as new, in a transaction of
// its own. On PostgreSQL it is one CommitBatch, one round trip with its
// COMMIT, so every check that must stop it fails a statement on the
// server (writeEvents with onServer). On SQLite, in process, where a
// round trip costs nothing, it is a transaction that checks the rows
// affected before it commits, one statement fewer.
func (s *Store) commitNew(ctx context.Context, claims []audit.Claim, events []audit.Event, rows []audit.Row) error {
	if s.db.Engine() == sqldb.Postgres {
		return writeEvents(ctx, s.db.CommitBatch, true, claims, events, rows, s.chunk)
	}
	return s.db.InTx(ctx, func(tx sqldb.Tx) error {
		return writeEvents(ctx, tx.Batch, false, claims, events, rows, s.chunk)
	})
}

// runStmts runs a batch's statements: a Tx's Batch, or the database's
// CommitBatch, which commits them in the same round trip.
type runStmts func(ctx context.Context, stmts []sqldb.Stmt) ([]int64, error)

// writeEvents stores events (checked by checkBatch), their key index and
// rows with run, after the INSERTs recording claims, all in one batch: on
// PostgreSQL one round trip.
//
// A claim used already fails its INSERT as a conflict (errClaimUsed), and
// a head elsewhere than where the batch continues it fails the head's
// move (forked; see headStmts). onServer says that run commits before its
// rows affected can be seen (CommitBatch): then a missing head must fail a
// statement too, while in a transaction of the caller's its move
// affecting no row is enough.
func writeEvents(ctx context.Context, run runStmts, onServer bool, claims []audit.Claim, events []audit.Event, rows []audit.Row, chunk int) error {
	first, last := events[0], events[len(events)-1]
	b := newStmtBuffer(batchArgs(len(claims), events, rows))
	defer b.release() // once run has returned: see stmtBuffer
	claimStmts(b, claims)
	head := len(b.stmts)
	if err := headStmts(b, first, last, onServer); err != nil {
		return err
	}
	headEnd := len(b.stmts)
	eventStmts(b, events, chunk)
	keyStmts(b, events)
	if err := rowStmts(b, rows, chunk); err != nil {
		return err
	}
	affected, err := run(ctx, b.stmts)
	var failed *sqldb.BatchError
	switch {
	case err == nil && affected[headEnd-1] != 1: // no head to move
		return forked(first)
	case !errors.As(err, &failed):
		return err
	case failed.Index < head && errors.Is(err, sqldb.ErrConflict):
		return errClaimUsed
	case failed.Index >= head && failed.Index < headEnd && (errors.Is(err, sqldb.ErrConflict) || errors.Is(err, sqldb.ErrNotNull)):
		return forked(first).Wrap(err) // the chain is not where the batch continues it
	}
	return err
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

// headStmts adds the statements moving the writer's head from the link
// before first to last, which fail unless the head is there, so that a
// batch that would fork the chain commits nothing. The first batch of a
// chain inserts the head, a conflict when the chain has begun already.
// Any later batch moves it with an UPDATE whose new seq is NULL unless the
// head is at first's predecessor: the NOT NULL on seq then refuses it,
// also when a concurrent batch of the same writer moved the head first
// (PostgreSQL evaluates the SET again on the newer row). A missing head
// makes the UPDATE affect no row; with guardMissing a statement before it
// inserts a NULL seq when the writer has no head, so that it fails too.
func headStmts(b *stmtBuffer, first, last audit.Event, guardMissing bool) error {
	now, start := sqldb.Micros(last.Time), len(b.args)
	if first.Seq == 1 {
		if first.PrevHash != audit.GenesisHash {
			return forked(first)
		}
		b.args = append(b.args, last.Writer, last.Seq, last.Hash, now)
		b.add(`INSERT INTO audit_chains (writer, seq, hash, updated_us) VALUES ($1, $2, $3, $4)`, start)
		return nil
	}
	if guardMissing {
		b.args = append(b.args, last.Writer, last.Writer)
		b.add(`INSERT INTO audit_chains (writer, seq, hash, updated_us)
		SELECT $1, CAST(NULL AS BIGINT), '', 0 WHERE NOT EXISTS (SELECT 1 FROM audit_chains WHERE writer = $2)`, start)
		start = len(b.args)
	}
	b.args = append(b.args, last.Writer, last.Seq, last.Hash, now, first.Seq-1, first.PrevHash)
	b.add(`UPDATE audit_chains SET seq = CASE WHEN seq = $5 AND hash = $6 THEN CAST($2 AS BIGINT) END,
		hash = $3, updated_us = $4 WHERE writer = $1`, start)
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
