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
		buf = appendCSVField(buf, []byte(c.Name))
	}
	buf = append(buf, '\r', '\n')
	if _, err := bw.Write(buf); err != nil {
		return 0, err
	}
	var n int64
	var cell []byte
	err := src.Each(ctx, func(row []any) error {
		buf = buf[:0]
		for i, c := range schema {
			if err := checkValue(c.Type, row[i]); err != nil {
				return rowError(n, c, err)
			}
			if i > 0 {
				buf = append(buf, ',')
			}
			cell = appendText(cell[:0], c.Type, row[i])
			buf = appendCSVField(buf, cell)
		}
		buf = append(buf, '\r', '\n')
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

// appendCSVField appends one field as RFC 4180 §2 writes it: quoted, with
// quotes doubled, when it holds a comma, quote, CR or LF, or starts with a
// space (which some readers would trim).
func appendCSVField(b, field []byte) []byte {
	if !needsQuotes(field) {
		return append(b, field...)
	}
	b = append(b, '"')
	for _, c := range field {
		if c == '"' {
			b = append(b, '"')
		}
		b = append(b, c)
	}
	return append(b, '"')
}

func needsQuotes(field []byte) bool {
	if len(field) > 0 && (field[0] == ' ' || field[0] == '\t') {
		return true
	}
	for _, c := range field {
		if c == ',' || c == '"' || c == '\r' || c == '\n' {
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

// appendText appends v as text: the form CSV cells and JSON strings use.
// Dates are ISO 8601 days, timestamps RFC 3339 in UTC; null is empty.
func appendText(b []byte, t Type, v any) []byte {
	switch v := v.(type) {
	case nil:
		return b
	case string:
		return append(b, v...)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case float64:
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	case bool:
		return strconv.AppendBool(b, v)
	case time.Time:
		if t == Date {
			return v.UTC().AppendFormat(b, time.DateOnly)
		}
		return v.UTC().AppendFormat(b, time.RFC3339Nano)
	}
	return b
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
	err := src.Each(ctx, func(row []any) error {
		buf = buf[:0]
		if n > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n{"...)
		for i, c := range schema {
			if err := checkValue(c.Type, row[i]); err != nil {
				return rowError(n, c, err)
			}
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, keys[i]...)
			buf = appendJSONValue(buf, c.Type, row[i])
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

func appendJSONValue(b []byte, t Type, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendJSONString(b, v)
	case int64, bool:
		return appendText(b, t, v)
	case float64:
		if v != v || v > 1e308 || v < -1e308 { // NaN and ±Inf have no JSON form
			return append(b, "null"...)
		}
		return appendText(b, t, v)
	case time.Time:
		b = append(b, '"')
		b = appendText(b, t, v)
		return append(b, '"')
	}
	return append(b, "null"...)
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
