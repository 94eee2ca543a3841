// Package sqldb is the SQL plumbing every gdx store shares: it opens
// PostgreSQL (pgx/v5) or an embedded SQLite file (modernc.org/sqlite, pure
// Go) behind one small API, runs one SQL text on both engines, maps driver
// errors to ErrNoRows, ErrConflict and ErrForeignKey, and applies each
// owner's embedded migrations with a guard against a schema newer than the
// binary.
//
// SQL conventions for stores built on it, so that one text serves both
// engines:
//
//   - Placeholders are $1, $2, …; modernc.org/sqlite binds $N to the N-th
//     argument, so no translation is needed, and a $N may repeat.
//   - Times are BIGINT unix microseconds in UTC (Micros, FromMicros,
//     NullMicros, FromNullMicros). Integers compare and sort the same on
//     both engines, and microseconds are PostgreSQL's own precision; a
//     stored time reads back as t.Truncate(time.Microsecond) in UTC.
//   - Slices and small documents are JSON in TEXT columns (EncodeList,
//     DecodeList, EncodeJSON, DecodeJSON): an empty list is stored as '[]'
//     and reads back as nil (json.go); []byte goes in a
//     BYTEA column (SQLite gives that type name NUMERIC affinity, which
//     keeps blobs as they are); booleans are BOOLEAN.
//   - Upserts use INSERT … ON CONFLICT (…) DO UPDATE SET x = excluded.x.
//   - A read of one row maps ErrNoRows to the owner's not-found error with
//     NotFound, and lists of rows are read with List.
//   - DB.Query and DB.QueryRow only read; write with Exec or inside InTx
//     (on SQLite they run on a read-only connection pool).
//   - A store whose tables readers cache announces its writes: triggers in
//     its migrations notify ChangeChannel (PostgreSQL) or bump its change
//     counter (SQLite), for other processes' OpenChangeStream, and the
//     store calls DB.Changed after each write, for this process at once.
//
// NOTE: sqldb is a leaf but for internal/jsontext (the JSON strings of its
// list columns). It must not import any other package of this module;
// stores import it, never the other way round. Only its tests and the
// sqldbtest helper reach for internal/pgtest.
package sqldb
