package tabular

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Format is a download format.
type Format string

// The formats every tabular resource is offered in.
const (
	CSV     Format = "csv"
	JSON    Format = "json"
	Parquet Format = "parquet"
	Arrow   Format = "arrow"
)

// Formats lists the formats in the order pages and resource lists show them.
var Formats = []Format{CSV, JSON, Parquet, Arrow}

// ParseFormat reads a format name as a user types it ("CSV", "parquet").
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Formats {
		if f == known {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: use one of csv, json, parquet, arrow", s)
}

// MediaType is the format's IANA media type (for Content-Type and DCAT).
func (f Format) MediaType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case JSON:
		return "application/json"
	case Parquet:
		return "application/vnd.apache.parquet"
	case Arrow:
		return "application/vnd.apache.arrow.file"
	}
	return "application/octet-stream"
}

// Ext is the file name extension, with its dot.
func (f Format) Ext() string { return "." + string(f) }

// Label is the format as CKAN resource dicts and people write it.
func (f Format) Label() string {
	switch f {
	case Parquet:
		return "Parquet"
	case Arrow:
		return "Arrow"
	}
	return strings.ToUpper(string(f))
}

// Stats is what a write produced.
type Stats struct {
	Rows  int64
	Bytes int64
}

// Progress, when not nil, is called after every batch with the rows
// written so far; exports drive their progress bars with it.
type Progress func(rows int64)

// Write writes src to w in format f, streaming, and reports the rows and
// bytes written. A row whose values do not fit the schema stops the write
// with an error naming the row and column.
func Write(ctx context.Context, w io.Writer, f Format, src Source, progress Progress) (Stats, error) {
	cw := &countingWriter{w: w}
	var rows int64
	var err error
	switch f {
	case CSV:
		rows, err = writeCSV(ctx, cw, src, progress)
	case JSON:
		rows, err = writeJSON(ctx, cw, src, progress)
	case Parquet:
		rows, err = writeParquet(ctx, cw, src, progress)
	case Arrow:
		rows, err = writeArrow(ctx, cw, src, progress)
	default:
		return Stats{}, fmt.Errorf("unknown format %q", f)
	}
	return Stats{Rows: rows, Bytes: cw.n}, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// batchRows is how many rows one batch holds: one Arrow record, one
// Parquet row group, one flush of text formats. It bounds memory.
const batchRows = 32 * 1024

// rowError names the row and column of a value that does not fit.
func rowError(row int64, col Column, err error) error {
	return fmt.Errorf("row %d, column %s: %w", row+1, col.Name, err)
}
