package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/audit/audittest"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// NewTamperer returns the conformance suite's tamperer for a database of
// this store: it changes rows with plain SQL, as an intruder would.
func NewTamperer(db *sqldb.DB) audittest.Tamperer { return tamperer{db} }

type tamperer struct{ db *sqldb.DB }

// replaceSQL updates every column of a stored event but its writer and seq.
var replaceSQL = func() string {
	cols := strings.Split(eventColumns, ",")[2:]
	set := make([]string, len(cols))
	for i, c := range cols {
		set[i] = fmt.Sprintf("%s = $%d", strings.TrimSpace(c), i+3)
	}
	return `UPDATE audit_events SET ` + strings.Join(set, ", ") + ` WHERE writer = $1 AND seq = $2`
}()

// ReplaceEvent implements audittest.Tamperer.
func (t tamperer) ReplaceEvent(ctx context.Context, e audit.Event) error {
	b := newStmtBuffer(0)
	defer b.release()
	return t.db.InTx(ctx, func(tx sqldb.Tx) error {
		if err := exactlyOne(tx.Exec(ctx, replaceSQL, eventArgs(nil, e, b.listColumns([]audit.Event{e}))...)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE audit_chains SET hash = $3 WHERE writer = $1 AND seq = $2`, e.Writer, e.Seq, e.Hash)
		return err
	})
}

// DeleteEvent implements audittest.Tamperer.
func (t tamperer) DeleteEvent(ctx context.Context, writer string, seq int64) error {
	return exactlyOne(t.db.Exec(ctx, `DELETE FROM audit_events WHERE writer = $1 AND seq = $2`, writer, seq))
}

// SwapEvents implements audittest.Tamperer.
func (t tamperer) SwapEvents(ctx context.Context, writer string, a, b int64) error {
	return t.db.InTx(ctx, func(tx sqldb.Tx) error {
		for _, move := range [][2]int64{{a, -1}, {b, a}, {-1, b}} {
			err := exactlyOne(tx.Exec(ctx, `UPDATE audit_events SET seq = $3 WHERE writer = $1 AND seq = $2`,
				writer, move[0], move[1]))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func exactlyOne(n int64, err error) error {
	if err == nil && n != 1 {
		err = fmt.Errorf("tamper: %d rows changed, want 1", n)
	}
	return err
}
