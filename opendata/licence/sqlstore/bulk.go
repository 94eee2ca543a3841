package sqlstore

import (
	"context"
	"strconv"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

// Bulk statements.
//
// NOTE: a batch goes to the database as one JSON document in one
// parameter, {"0": [v, …], "1": [v, …], …}, which jsonb_each turns back
// into rows on both engines (PostgreSQL 9.4+, SQLite 3.45+), and ->>
// reads a row's values. That is one SQL text for both, and one short
// statement a batch. The obvious multi-row VALUES with a $N a value is far
// slower on SQLite: it finds a $N parameter by a linear scan of the
// statement's parameters, when it parses and again when the driver binds,
// so a statement costs the square of its parameter count (a 1000-row
// VALUES cost 30 times as much a row as a 4-row one, which still cost
// 18 µs of CPU a licence). JSON rows cost about half that.

// bulkRows is the most rows one bulk statement carries.
const bulkRows = 1000

// rowValues are the expressions of writeColumns reading row value, whose
// elements are rowJSON's.
const rowValues = `CAST($2 AS TEXT), value->>0, value->>1, value->>2, value->>3, value->>4, value->>5,
	value->>6, value->>7, value->>8, value->>9, value->>10,
	CAST(value->>11 AS DOUBLE PRECISION), CAST(value->>12 AS DOUBLE PRECISION),
	value->>13, value->>14, value->>15, value->>16, value->>17, CAST($1 AS BIGINT), CAST($1 AS BIGINT)`

// upsertTail replaces a stored row, keeping its created time.
//
// NOTE: SQLite needs the WHERE before ON CONFLICT, or it reads ON as the
// start of a join constraint.
const upsertTail = ` WHERE true ON CONFLICT (issuer, number) DO UPDATE SET
	type = excluded.type, office = excluded.office, licensee_kind = excluded.licensee_kind,
	business_name = excluded.business_name, juristic_id = excluded.juristic_id,
	person_name = excluded.person_name, citizen_id = excluded.citizen_id, province = excluded.province,
	district = excluded.district, subdistrict = excluded.subdistrict, lat = excluded.lat, lon = excluded.lon,
	issued_on = excluded.issued_on, expires_on = excluded.expires_on, status = excluded.status,
	name_fold = excluded.name_fold, digest = excluded.digest, modified = excluded.modified`

// writeRows inserts rows at the time at, with tail "" for new rows or
// upsertTail to replace stored ones.
func writeRows(ctx context.Context, tx sqldb.Tx, issuer string, rows []row, at int64, tail string) error {
	for start := 0; start < len(rows); start += bulkRows {
		part := rows[start:min(start+bulkRows, len(rows))]
		doc := jsonRows(len(part), func(b []byte, i int) []byte { return rowJSON(b, part[i]) })
		q := `INSERT INTO licences (` + writeColumns + `) SELECT ` + rowValues + ` FROM jsonb_each($3)` + tail
		if _, err := tx.Exec(ctx, q, at, issuer, doc); err != nil {
			return err
		}
	}
	return nil
}

// writeHistory appends the status changes, all recorded at the time at.
func writeHistory(ctx context.Context, tx sqldb.Tx, issuer string, changes []change, at int64) error {
	for start := 0; start < len(changes); start += bulkRows {
		part := changes[start:min(start+bulkRows, len(changes))]
		doc := jsonRows(len(part), func(b []byte, i int) []byte {
			c := part[i]
			return appendStrings(b, c.number, string(c.from), string(c.to))
		})
		_, err := tx.Exec(ctx, `INSERT INTO licence_history (issuer, number, at, from_status, to_status)
			SELECT CAST($1 AS TEXT), value->>0, CAST($2 AS BIGINT), value->>1, value->>2 FROM jsonb_each($3)`, issuer, at, doc)
		if err != nil {
			return err
		}
	}
	return nil
}

// existing reads the digest and status of the batch's licences that are
// already stored.
func existing(ctx context.Context, tx sqldb.Tx, issuer string, batch []licence.Licence) (map[string]stored, error) {
	old := make(map[string]stored, len(batch))
	for start := 0; start < len(batch); start += bulkRows {
		part := batch[start:min(start+bulkRows, len(batch))]
		doc := jsonRows(len(part), func(b []byte, i int) []byte { return appendStrings(b, part[i].Number) })
		rows, err := tx.Query(ctx, `SELECT number, digest, status FROM licences
			WHERE issuer = $1 AND number IN (SELECT value->>0 FROM jsonb_each($2))`, issuer, doc)
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

// jsonRows encodes n rows as {"0": row0, "1": row1, …}, each row appended
// by add.
func jsonRows(n int, add func(b []byte, i int) []byte) string {
	b := make([]byte, 0, n*256)
	b = append(b, '{')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, '"', ':')
		b = add(b, i)
	}
	return string(append(b, '}'))
}

// rowJSON appends r's values as a JSON array, in the order rowValues
// reads them.
func rowJSON(b []byte, r row) []byte {
	l, ls, loc := r.l, r.l.Licensee, r.l.Location
	fold := ""
	if ls.Kind == licence.Juristic {
		fold = licence.FoldName(ls.BusinessName)
	}
	b = appendStrings(b, l.Number, string(l.Type), l.Office, string(ls.Kind), ls.BusinessName, ls.JuristicID,
		ls.PersonName, ls.CitizenID, loc.Province, loc.District, loc.Subdistrict)
	b = b[:len(b)-1] // reopen the array
	for _, f := range []*float64{loc.Lat, loc.Lon} {
		b = append(b, ',')
		if f == nil {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendFloat(b, *f, 'g', -1, 64)
		}
	}
	for _, s := range []string{l.IssuedOn.String(), l.ExpiresOn.String(), string(l.Status), fold, r.digest} {
		b = append(b, ',')
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendStrings appends a JSON array of the strings.
func appendStrings(b []byte, ss ...string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendString appends s as a JSON string (RFC 8259 §7): quotes,
// backslashes and control characters escaped, the rest as it is. s must
// be UTF-8, which Validate ensures.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
