package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

// claimsPerInsert bounds the rows of one claim INSERT.
const claimsPerInsert = 256

// CommitBatch implements audit.Committer: claims, the events build
// returns, their key index and the riding rows in one transaction.
func (s *Store) CommitBatch(ctx context.Context, claims []audit.Claim, build func(taken []bool) ([]audit.Event, []audit.Row, error)) error {
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
		if err := moveHead(ctx, tx, first, events[len(events)-1]); err != nil {
			return err
		}
		if err := insertEvents(ctx, tx, events, s.chunk); err != nil {
			return err
		}
		if err := insertKeys(ctx, tx, events); err != nil {
			return err
		}
		return insertRows(ctx, tx, rows, s.chunk)
	})
	switch {
	case err == nil:
		return nil
	case catalog.ErrorKind(err) != "":
		return err
	case errors.Is(err, sqldb.ErrConflict):
		return catalog.Errorf(catalog.KindConflict, "audit batch for chain %s conflicts with stored rows: a fork or a duplicate id",
			first.Writer).Wrap(err)
	}
	return fmt.Errorf("commit an audit batch of chain %s: %w", first.Writer, err)
}

// claimAll records the claims, a chunk per statement, and reports which
// were recorded already: ON CONFLICT DO NOTHING RETURNING names the rows
// inserted, so a used id refuses only its own request, not the batch.
func claimAll(ctx context.Context, tx sqldb.Tx, claims []audit.Claim) ([]bool, error) {
	taken := make([]bool, len(claims))
	for start := 0; start < len(claims); start += claimsPerInsert {
		chunk := claims[start:min(start+claimsPerInsert, len(claims))]
		fresh, err := claimChunk(ctx, tx, chunk)
		if err != nil {
			return nil, err
		}
		for i, c := range chunk {
			k := claimKey(c.Agency, c.JTI)
			taken[start+i] = !fresh[k]
			delete(fresh, k) // a second equal claim is taken by the first
		}
	}
	return taken, nil
}

func claimChunk(ctx context.Context, tx sqldb.Tx, chunk []audit.Claim) (map[string]bool, error) {
	args := make([]any, 0, 3*len(chunk))
	for _, c := range chunk {
		args = append(args, c.Agency, c.JTI, sqldb.Micros(c.Until))
	}
	q := multiInsert(claimTable, "agency, jti, until", 3, len(chunk)) +
		" ON CONFLICT (agency, jti) DO NOTHING RETURNING agency, jti"
	rows, err := tx.Query(ctx, q, args...)
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

// insertRows inserts the riding rows, consecutive rows of one table and
// columns up to chunk to a statement.
func insertRows(ctx context.Context, tx sqldb.Tx, rows []audit.Row, chunk int) error {
	for len(rows) > 0 {
		n := 1
		for n < len(rows) && n < chunk && sameShape(rows[0], rows[n]) {
			n++
		}
		if err := insertShape(ctx, tx, rows[:n]); err != nil {
			return fmt.Errorf("insert %d rows into %s: %w", n, rows[0].Table, err)
		}
		rows = rows[n:]
	}
	return nil
}

func sameShape(a, b audit.Row) bool {
	return a.Table == b.Table && strings.Join(a.Columns, ",") == strings.Join(b.Columns, ",")
}

func insertShape(ctx context.Context, tx sqldb.Tx, rows []audit.Row) error {
	cols := len(rows[0].Columns)
	args := make([]any, 0, cols*len(rows))
	for _, r := range rows {
		if err := r.Check(); err != nil {
			return catalog.Errorf(catalog.KindInvalid, "%v", err)
		}
		args = append(args, r.Values...)
	}
	_, err := tx.Exec(ctx, multiInsert(rows[0].Table, strings.Join(rows[0].Columns, ", "), cols, len(rows)), args...)
	return err
}
