package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

// Statement sizes: rows per multi-row INSERT and keys per IN list.
//
// NOTE: they differ by engine. SQLite looks a $N parameter up by a linear
// scan of the statement's parameter list, both when it parses the
// statement and when the driver binds it, so a statement's cost grows with
// the square of its parameter count: measured, 1000-row statements cost
// 30 times as much a row as 8-row ones, and below about 10 rows the cost
// a row is flat. PostgreSQL pays a round trip a statement instead, so it
// gets large statements.
type sizes struct{ insert, history, lookup int }

var (
	sqliteSizes   = sizes{insert: 8, history: 40, lookup: 200}
	postgresSizes = sizes{insert: 500, history: 2000, lookup: 2000}
)

func (s *Store) sizes() sizes {
	if s.db.Engine() == sqldb.SQLite {
		return sqliteSizes
	}
	return postgresSizes
}

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
		size := s.sizes()
		old, err := existing(ctx, tx, issuer, batch, size.lookup)
		if err != nil {
			return err
		}
		at, err := s.stamp(ctx, tx, issuer)
		if err != nil {
			return err
		}
		inserts, updates, changes := plan(batch, old, &c)
		if err := writeRows(ctx, tx, issuer, inserts, at, "", size.insert); err != nil {
			return err
		}
		if err := writeRows(ctx, tx, issuer, updates, at, upsertTail, size.insert); err != nil {
			return err
		}
		return writeHistory(ctx, tx, issuer, changes, at, size.history)
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

// existing reads the digest and status of the batch's licences that are
// already stored.
func existing(ctx context.Context, tx sqldb.Tx, issuer string, batch []licence.Licence, chunk int) (map[string]stored, error) {
	old := make(map[string]stored, len(batch))
	for start := 0; start < len(batch); start += chunk {
		part := batch[start:min(start+chunk, len(batch))]
		args := make([]any, 0, len(part)+1)
		args = append(args, issuer)
		for _, l := range part {
			args = append(args, l.Number)
		}
		rows, err := tx.Query(ctx, `SELECT number, digest, status FROM licences WHERE issuer = $1 AND number IN (`+
			placeholders(2, 1, len(part))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var num, dig, st string
			if err := rows.Scan(&num, &dig, &st); err != nil {
				rows.Close()
				return nil, err
			}
			old[num] = stored{dig, licence.Status(st)}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return old, nil
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

const upsertTail = ` ON CONFLICT (issuer, number) DO UPDATE SET
	type = excluded.type, office = excluded.office, licensee_kind = excluded.licensee_kind,
	business_name = excluded.business_name, juristic_id = excluded.juristic_id,
	person_name = excluded.person_name, citizen_id = excluded.citizen_id, province = excluded.province,
	district = excluded.district, subdistrict = excluded.subdistrict, lat = excluded.lat, lon = excluded.lon,
	issued_on = excluded.issued_on, expires_on = excluded.expires_on, status = excluded.status,
	name_fold = excluded.name_fold, digest = excluded.digest, modified = excluded.modified`

// writeRows inserts rows with multi-row statements followed by tail: ""
// for new rows, upsertTail to replace stored ones (created keeps its first
// value). New rows skip the tail because parsing it costs a fifth of a
// statement's time on SQLite.
func writeRows(ctx context.Context, tx sqldb.Tx, issuer string, rows []row, at int64, tail string, chunk int) error {
	for start := 0; start < len(rows); start += chunk {
		part := rows[start:min(start+chunk, len(rows))]
		args := make([]any, 0, 2+len(part)*rowColumnCount)
		args = append(args, at, issuer)
		for _, r := range part {
			args = append(args, rowArgs(r.l, r.digest)...)
		}
		q := `INSERT INTO licences (` + writeColumns + `) VALUES ` + rowGroups(len(part)) + tail
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// writeHistory appends the history entries, all recorded at the time at.
func writeHistory(ctx context.Context, tx sqldb.Tx, issuer string, changes []change, at int64, chunk int) error {
	const cols = 5
	for start := 0; start < len(changes); start += chunk {
		part := changes[start:min(start+chunk, len(changes))]
		args := make([]any, 0, len(part)*cols)
		for _, c := range part {
			args = append(args, issuer, c.number, at, string(c.from), string(c.to))
		}
		q := `INSERT INTO licence_history (issuer, number, at, from_status, to_status) VALUES ` + placeholders(1, cols, len(part))
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// rowGroups returns n groups of writeColumns placeholders, each
// "($2, $k, …, $k+17, $1, $1)": $1 is the time, $2 the issuer.
func rowGroups(n int) string {
	var b strings.Builder
	b.Grow(n * (rowColumnCount + 3) * 6)
	p := 3
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("($2")
		for range rowColumnCount {
			b.WriteString(", $")
			b.WriteString(strconv.Itoa(p))
			p++
		}
		b.WriteString(", $1, $1)")
	}
	return b.String()
}

// placeholders returns n groups of cols placeholders, numbered from first:
// "($1, $2), ($3, $4)". With cols 1 the groups are bare: "$2, $3".
func placeholders(first, cols, n int) string {
	var b strings.Builder
	b.Grow(n * cols * 7)
	p := first
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if cols > 1 {
			b.WriteByte('(')
		}
		for j := range cols {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(p))
			p++
		}
		if cols > 1 {
			b.WriteByte(')')
		}
	}
	return b.String()
}
