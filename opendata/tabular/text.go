package tabular

import (
	"bufio"
	"context"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// bom is the UTF-8 byte-order mark: without it Excel reads a CSV file as
// the machine's legacy code page and Thai turns to mojibake.
const bom = "\ufeff"

func writeCSV(ctx context.Context, w io.Writer, src Source, progress Progress) (int64, error) {
	bw := bufio.NewWriterSize(w, 64*1024)
	schema := src.Schema()
	buf := []byte(bom)
	for i, c := range schema {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendCSVString(buf, c.Name)
	}
	buf = append(buf, '\r', '\n')
	if _, err := bw.Write(buf); err != nil {
		return 0, err
	}
	var n int64
	err := walkRecords(ctx, src, func(r *Record) error {
		buf = appendCSVRecord(buf[:0], schema, r)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
		n++
		return flushEvery(n, progress, bw.Flush)
	})
	if err != nil {
		return n, err
	}
	report(n, progress)
	return n, bw.Flush()
}

// appendCSVRecord appends one CSV line. Only text can need quotes: a
// number, a bool, a date or a timestamp never holds a comma, a quote, a
// line break or a leading space.
func appendCSVRecord(b []byte, schema Schema, r *Record) []byte {
	for i, c := range schema {
		if i > 0 {
			b = append(b, ',')
		}
		switch {
		case r.Null[i]:
		case c.Type == String:
			b = appendCSVString(b, r.Strings[i])
		default:
			b = appendCell(b, c.Type, r, i)
		}
	}
	return append(b, '\r', '\n')
}

// appendCSVString appends one field as RFC 4180 §2 writes it: quoted,
// with quotes doubled, when it holds a comma, quote, CR or LF, or starts
// with a space or a tab (which some readers would trim).
func appendCSVString(b []byte, field string) []byte {
	if !needsQuotes(field) {
		return append(b, field...)
	}
	b = append(b, '"')
	for i := 0; i < len(field); i++ {
		if field[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, field[i])
	}
	return append(b, '"')
}

// csvSpecial marks the bytes that make a field need quotes.
var csvSpecial = [256]bool{',': true, '"': true, '\r': true, '\n': true}

func needsQuotes(field string) bool {
	if len(field) > 0 && (field[0] == ' ' || field[0] == '\t') {
		return true
	}
	for i := 0; i < len(field); i++ {
		if csvSpecial[field[i]] {
			return true
		}
	}
	return false
}

// flushEvery runs flush and reports progress at the end of every batch.
func flushEvery(n int64, progress Progress, flush func() error) error {
	if n%batchRows != 0 {
		return nil
	}
	report(n, progress)
	return flush()
}

func report(n int64, progress Progress) {
	if progress != nil {
		progress(n)
	}
}

// appendCell appends column i of r, of type t and not null, as text: the
// form CSV cells and JSON strings use. Dates are ISO 8601 days,
// timestamps RFC 3339 in UTC.
func appendCell(b []byte, t Type, r *Record, i int) []byte {
	switch t {
	case Int:
		return strconv.AppendInt(b, r.Ints[i], 10)
	case Float:
		return strconv.AppendFloat(b, r.Floats[i], 'f', -1, 64)
	case Bool:
		return strconv.AppendBool(b, r.Bools[i])
	case Date:
		return appendDate(b, r.Times[i].UTC())
	case Timestamp:
		return r.Times[i].UTC().AppendFormat(b, time.RFC3339Nano)
	}
	return append(b, r.Strings[i]...)
}

// appendDate appends t's day as t.AppendFormat(b, time.DateOnly) does,
// without the parse of the layout for the years of four digits.
func appendDate(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
}

// writeJSON writes an array of objects, one per row, keys in schema order.
// Written by hand because the shape is fixed and reflection would cost
// more than the rest of the export.
func writeJSON(ctx context.Context, w io.Writer, src Source, progress Progress) (int64, error) {
	bw := bufio.NewWriterSize(w, 64*1024)
	schema := src.Schema()
	keys := make([][]byte, len(schema))
	for i, c := range schema {
		keys[i] = append(appendJSONString(nil, c.Name), ':')
	}
	if _, err := bw.WriteString("["); err != nil {
		return 0, err
	}
	var n int64
	buf := make([]byte, 0, 1024)
	err := walkRecords(ctx, src, func(r *Record) error {
		buf = buf[:0]
		if n > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n{"...)
		for i, c := range schema {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, keys[i]...)
			buf = appendJSONValue(buf, c.Type, r, i)
		}
		buf = append(buf, '}')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
		n++
		return flushEvery(n, progress, bw.Flush)
	})
	if err != nil {
		return n, err
	}
	if _, err := bw.WriteString("\n]\n"); err != nil {
		return n, err
	}
	report(n, progress)
	return n, bw.Flush()
}

// appendJSONValue appends column i of r, of type t, as a JSON value.
func appendJSONValue(b []byte, t Type, r *Record, i int) []byte {
	switch {
	case r.Null[i]:
		return append(b, "null"...)
	case t == String:
		return appendJSONString(b, r.Strings[i])
	case t == Float:
		if v := r.Floats[i]; v != v || v > 1e308 || v < -1e308 { // NaN and ±Inf have no JSON form
			return append(b, "null"...)
		}
	case t == Date || t == Timestamp:
		b = append(b, '"')
		b = appendCell(b, t, r, i)
		return append(b, '"')
	}
	return appendCell(b, t, r, i)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string (RFC 8259 §7). Invalid UTF-8
// becomes U+FFFD, as encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c >= 0x20:
				b = append(b, c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\\ufffd"...)
		} else if r == '\u2028' || r == '\u2029' {
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
