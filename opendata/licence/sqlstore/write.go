package sqlstore

import (
	"context"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

// stored is what upsert needs to know of a licence already in the table.
type stored struct {
	digest string
	status licence.Status
}

// change is a history entry to append.
type change struct {
	number   string
	from, to licence.Status
}

// Upsert writes a batch of one issuer's licences in one transaction; see
// licence.Writer. Errors: invalid.
func (s *Store) Upsert(ctx context.Context, issuer string, batch []licence.Licence) (licence.Counts, error) {
	if err := checkBatch(issuer, batch); err != nil || len(batch) == 0 {
		return licence.Counts{}, err
	}
	var c licence.Counts
	err := s.db.InTx(ctx, func(tx sqldb.Tx) error {
		c = licence.Counts{}
		// NOTE: the lock serialises writers of one issuer, so that the
		// read of the old rows and the modified stamp stay true until commit.
		if err := tx.Lock(ctx, "licence:"+issuer); err != nil {
			return err
		}
		old, err := existing(ctx, tx, issuer, batch)
		if err != nil {
			return err
		}
		at, err := s.stamp(ctx, tx, issuer)
		if err != nil {
			return err
		}
		inserts, updates, changes := plan(batch, old, &c)
		if err := writeRows(ctx, tx, issuer, inserts, at, ""); err != nil {
			return err
		}
		if err := writeRows(ctx, tx, issuer, updates, at, upsertTail); err != nil {
			return err
		}
		return writeHistory(ctx, tx, issuer, changes, at)
	})
	if err != nil {
		return licence.Counts{}, fmt.Errorf("upsert licences of %s: %w", issuer, err)
	}
	return c, nil
}

// checkBatch validates every licence and refuses another issuer's or a
// repeated number.
func checkBatch(issuer string, batch []licence.Licence) error {
	seen := make(map[string]bool, len(batch))
	for _, l := range batch {
		if l.Issuer != issuer {
			return catalog.Errorf(catalog.KindInvalid, "licence %s is issued by %s, not %s: an agency writes only its own licences",
				l.Number, l.Issuer, issuer).WithReason("licence_other_issuer")
		}
		if err := l.Validate(); err != nil {
			return err
		}
		if seen[l.Number] {
			return catalog.Errorf(catalog.KindInvalid, "licence %s appears twice in the batch", l.Number).WithReason("licence_duplicate")
		}
		seen[l.Number] = true
	}
	return nil
}

// plan sorts the batch into rows to insert, rows to update and history to
// append, counting as it goes.
func plan(batch []licence.Licence, old map[string]stored, c *licence.Counts) (inserts, updates []row, changes []change) {
	for _, l := range batch {
		d := digest(l)
		o, ok := old[l.Number]
		switch {
		case !ok:
			c.Inserted++
			inserts = append(inserts, row{l, d})
		case o.digest == d:
			c.Unchanged++
		default:
			c.Updated++
			updates = append(updates, row{l, d})
			if o.status != l.Status {
				changes = append(changes, change{l.Number, o.status, l.Status})
			}
		}
	}
	return inserts, updates, changes
}

// row is a licence to write with its digest.
type row struct {
	l      licence.Licence
	digest string
}

// stamp returns the modified time of this write: now, or just after the
// issuer's last change if the clock has not moved past it, so that an
// issuer's modified time only ever rises.
func (s *Store) stamp(ctx context.Context, tx sqldb.Tx, issuer string) (int64, error) {
	var last *int64
	if err := tx.QueryRow(ctx, `SELECT max(modified) FROM licences WHERE issuer = $1`, issuer).Scan(&last); err != nil {
		return 0, err
	}
	at := sqldb.Micros(s.now())
	if last != nil && at <= *last {
		at = *last + 1
	}
	return at, nil
}
