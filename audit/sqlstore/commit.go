package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

var _ audit.Committer = (*Store)(nil)

// claimTable is where claims are recorded. NOTE: it is the gateway's
// replay table (gateway/sqlstore's migration 001, which also prunes it),
// shared on purpose: a jti is used once whether the gateway recorded it
// alone (a request that never reached the lookup pipeline) or with its
// audit event here, and replicas of an older release keep agreeing.
const claimTable = "gateway_replay"

// claimsPerInsert bounds the rows of one claim INSERT (a power of two, see
// chunkSize).
const claimsPerInsert = 256

// CommitBatch implements audit.Committer: claims, the events build
// returns, their key index and the riding rows in one transaction.
//
// It first assumes every claim is new, as nearly all are (the gateway's
// in-memory ReplayGuard refuses a same-replica replay before it gets
// here): it builds the events once and commits every statement at once
// (commitNew: on PostgreSQL one round trip with its COMMIT). Only
// when a claim turns out used (its INSERT fails, and with it the batch)
// does it commit again the slow way, learning which claims were taken
// before it builds.
func (s *Store) CommitBatch(ctx context.Context, claims []audit.Claim, build func(taken []bool) ([]audit.Event, []audit.Row, error)) error {
	first, err := s.commitAssumingNew(ctx, claims, build)
	if errors.Is(err, errClaimUsed) {
		first, err = s.commitClaimsFirst(ctx, claims, build)
	}
	var known *catalog.Error // build's, or a refusal named already
	switch {
	case err == nil:
		return nil
	case errors.As(err, &known):
		return err
	case errors.Is(err, sqldb.ErrConflict):
		return catalog.Errorf(catalog.KindConflict, "audit batch for chain %s conflicts with stored rows: a fork or a duplicate id",
			first.Writer).Wrap(err)
	}
	return fmt.Errorf("commit an audit batch of chain %s: %w", first.Writer, err)
}

// errClaimUsed is the failure of a batch built as if every claim were
// new when one was used already.
var errClaimUsed = errors.New("a claim of the batch was used already")

// commitAssumingNew commits the batch built with no claim taken, the
// claims inserted without ON CONFLICT in the same batch: a used one fails
// it whole with errClaimUsed.
func (s *Store) commitAssumingNew(ctx context.Context, claims []audit.Claim, build func(taken []bool) ([]audit.Event, []audit.Row, error)) (audit.Event, error) {
	events, rows, err := build(make([]bool, len(claims)))
	if err != nil {
		return audit.Event{}, err
	}
	if err := checkBatch(events); err != nil {
		return audit.Event{}, err
	}
	return events[0], s.commitNew(ctx, claims, events, rows)
}

// commitClaimsFirst records the claims and learns which were taken, then
// builds with that and stores the rest in the same transaction.
func (s *Store) commitClaimsFirst(ctx context.Context, claims []audit.Claim, build func(taken []bool) ([]audit.Event, []audit.Row, error)) (audit.Event, error) {
	var first audit.Event
	err := s.db.InTx(ctx, func(tx sqldb.Tx) error {
		taken, err := claimAll(ctx, tx, claims)
		if err != nil {
			return fmt.Errorf("record %d token ids: %w", len(claims), err)
		}
		events, rows, err := build(taken)
		if err != nil {
			return err
		}
		if err := checkBatch(events); err != nil {
			return err
		}
		first = events[0]
		return writeEvents(ctx, tx.Batch, false, nil, events, rows, s.chunk)
	})
	return first, err
}

// claimStmts adds the INSERTs recording the claims, a chunk per
// statement; a claim used already fails its INSERT as a conflict.
func claimStmts(b *stmtBuffer, claims []audit.Claim) {
	for len(claims) > 0 {
		n, start := chunkSize(len(claims), claimsPerInsert), len(b.args)
		b.args = claimArgs(b.args, claims[:n])
		b.add(claimSQL(n, ""), start)
		claims = claims[n:]
	}
}

// claimArgs appends the claims' column values.
func claimArgs(args []any, chunk []audit.Claim) []any {
	for _, c := range chunk {
		args = append(args, c.Agency, c.JTI, sqldb.Micros(c.Until))
	}
	return args
}

// claimAll records the claims, a chunk per statement, and reports which
// were recorded already: ON CONFLICT DO NOTHING RETURNING names the rows
// inserted, so a used id refuses only its own request, not the batch.
func claimAll(ctx context.Context, tx sqldb.Tx, claims []audit.Claim) ([]bool, error) {
	taken := make([]bool, len(claims))
	for start := 0; start < len(claims); {
		chunk := claims[start : start+chunkSize(len(claims)-start, claimsPerInsert)]
		fresh, err := claimChunk(ctx, tx, chunk)
		if err != nil {
			return nil, err
		}
		for i, c := range chunk {
			k := claimKey(c.Agency, c.JTI)
			taken[start+i] = !fresh[k]
			delete(fresh, k) // a second equal claim is taken by the first
		}
		start += len(chunk)
	}
	return taken, nil
}

func claimChunk(ctx context.Context, tx sqldb.Tx, chunk []audit.Claim) (map[string]bool, error) {
	rows, err := tx.Query(ctx, claimSQL(len(chunk), " ON CONFLICT (agency, jti) DO NOTHING RETURNING agency, jti"), claimArgs(make([]any, 0, 3*len(chunk)), chunk)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	fresh := make(map[string]bool, len(chunk))
	for rows.Next() {
		var agency, jti string
		if err := rows.Scan(&agency, &jti); err != nil {
			return nil, err
		}
		fresh[claimKey(agency, jti)] = true
	}
	return fresh, rows.Err()
}

func claimKey(agency, jti string) string { return agency + "\x00" + jti }

// rowStmts adds the INSERTs of the riding rows, consecutive rows of one
// table and columns up to chunk to a statement.
func rowStmts(b *stmtBuffer, rows []audit.Row, chunk int) error {
	for len(rows) > 0 {
		n := 1
		for n < len(rows) && n < chunk && sameShape(rows[0], rows[n]) {
			n++
		}
		n = chunkSize(n, chunk)
		if err := shapeInsert(b, rows[:n]); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func sameShape(a, b audit.Row) bool {
	return a.Table == b.Table && slices.Equal(a.Columns, b.Columns)
}

func shapeInsert(b *stmtBuffer, rows []audit.Row) error {
	start := len(b.args)
	for _, r := range rows {
		if err := r.Check(); err != nil {
			return catalog.Errorf(catalog.KindInvalid, "%v", err)
		}
		b.args = append(b.args, r.Values...)
	}
	cols := rows[0].Columns
	b.add(multiInsert(rows[0].Table, columnList(rows[0].Table, cols), len(cols), len(rows)), start)
	return nil
}
