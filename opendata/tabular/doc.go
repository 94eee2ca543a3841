// Package tabular writes a tabular resource — a schema and a stream of rows
// — as the files open-data users download: CSV (UTF-8 with a byte-order
// mark, so Excel shows Thai), JSON (an array of objects), Apache Parquet and
// Apache Arrow IPC (arrow-go/v18).
//
// Rows are pulled from a Source one at a time and written in batches, so
// memory stays bounded by one batch whatever the size of the resource.
// Every writer reads a row as a Record, typed slots by column; a source
// that can fill one itself (RecordSource) spares its rows the boxing of
// every value into []any.
// Writers never buffer the whole output: what they write goes to the
// io.Writer as it is made, and an HTTP handler can stream it.
//
// NOTE: tabular imports nothing of this module; the stores that hold rows
// (licences, statistics) adapt themselves to Source.
package tabular
