// Package download serves the files of every tabular resource — CSV, JSON,
// Parquet and Arrow — over HTTP, streamed from the database as they are
// written (opendata/tabular), so a million-row download costs one batch of
// memory.
//
// A download carries Last-Modified and a strong ETag derived from the
// table's version (its last change and row count) and the format, so a
// client or cache that already holds the file gets 304 Not Modified
// without a byte of the table being read; gzip is applied when the client
// asks for it. HEAD answers the headers only.
//
// NOTE: download imports catalog (error kinds), internal/httpapi and
// opendata/tabular only; the tables come from the stores that hold them
// through the Table interface.
package download
