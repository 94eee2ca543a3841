package sqlstore

import (
	"fmt"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/gdx-exchange/gdx/opendata/licence"
)

// Scan targets that cost no allocation a row: an export reads a million
// rows, and a new string for every text column, a new *float64 for every
// coordinate and a parsed date for every date were most of its CPU.
//
// Each target takes the value from either engine: pgx hands it the
// column's bytes (pgtype.BytesScanner, pgtype.Float64Scanner), valid only
// until the next row, and database/sql its value (sql.Scanner).

// maxInterned bounds an interner, so that a column with more distinct
// values than expected (an office per licence) costs a string a row as
// before, and no more memory.
const maxInterned = 1 << 14

// interner keeps one string per distinct text of the low-cardinality
// columns (issuer, type, office, kind, province, district, subdistrict,
// status) while one read lasts. The map lookup with string(b) as the key
// does not allocate.
type interner map[string]string

func (in interner) get(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	return in.add(string(b))
}

// str is get for a text database/sql has already made a string.
func (in interner) str(s string) string {
	if k, ok := in[s]; ok {
		return k
	}
	return in.add(s)
}

func (in interner) add(s string) string {
	if len(in) < maxInterned {
		in[s] = s
	}
	return s
}

// internedText scans a text column into *dst through an interner.
type internedText struct {
	dst *string
	in  interner
}

// ScanBytes implements pgtype.BytesScanner.
func (t *internedText) ScanBytes(b []byte) error {
	*t.dst = t.in.get(b)
	return nil
}

// Scan implements sql.Scanner.
func (t *internedText) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*t.dst = t.in.str(v)
	case []byte:
		*t.dst = t.in.get(v)
	case nil:
		*t.dst = ""
	default:
		return fmt.Errorf("scan %T into text", src)
	}
	return nil
}

// dateCache keeps the parsed Date of each distinct stored date text
// while one read lasts: a few thousand days serve a million licences.
type dateCache map[string]licence.Date

// storedDate scans a date column, YYYY-MM-DD as Date.String wrote it or
// "" for none, into *dst.
type storedDate struct {
	dst   *licence.Date
	cache dateCache
}

// ScanBytes implements pgtype.BytesScanner.
func (d *storedDate) ScanBytes(b []byte) error {
	if v, ok := d.cache[string(b)]; ok {
		*d.dst = v
		return nil
	}
	*d.dst = d.cache.add(string(b))
	return nil
}

// add parses s and remembers it.
func (c dateCache) add(s string) licence.Date {
	var v licence.Date
	if s != "" {
		// Stored dates were written by Date.String, so they parse; a
		// text that does not reads as no date, as it always has.
		v, _ = licence.ParseDate(s)
	}
	if len(c) < maxInterned {
		c[s] = v
	}
	return v
}

// Scan implements sql.Scanner.
func (d *storedDate) Scan(src any) error {
	switch v := src.(type) {
	case string:
		if c, ok := d.cache[v]; ok {
			*d.dst = c
		} else {
			*d.dst = d.cache.add(v)
		}
		return nil
	case []byte:
		return d.ScanBytes(v)
	case nil:
		return d.ScanBytes(nil)
	}
	return fmt.Errorf("scan %T into a date", src)
}

// optFloat scans a nullable DOUBLE PRECISION column without allocating;
// publicScan gives the value a pointer afterwards.
type optFloat struct {
	v     float64
	valid bool
}

// ScanFloat64 implements pgtype.Float64Scanner.
func (f *optFloat) ScanFloat64(v pgtype.Float8) error {
	f.v, f.valid = v.Float64, v.Valid
	return nil
}

// Scan implements sql.Scanner.
func (f *optFloat) Scan(src any) error {
	switch v := src.(type) {
	case float64:
		f.v, f.valid = v, true
	case int64:
		f.v, f.valid = float64(v), true
	case nil:
		f.v, f.valid = 0, false
	default:
		return fmt.Errorf("scan %T into a float", src)
	}
	return nil
}
