// Package sqlstore keeps the audit trail in a SQL database through sqldb,
// on PostgreSQL or SQLite with the same SQL. It implements audit.Store and
// passes audittest.Run on both engines.
//
// Every append is one transaction that inserts the batch's events and
// their record-key index rows and moves the writer's head by
// compare-and-set (audit_chains), so a batch is all or nothing and a chain
// can never fork, even with two processes writing as one writer.
// CommitBatch (audit.Committer) adds, in the same transaction, the
// batch's token claims, inserted into the gateway's replay table
// (gateway_replay, which gateway/sqlstore migrates), and the riding rows
// of other owners' tables (the decision log), written as given. On
// PostgreSQL a batch's statements go, with its commit, in one sqldb
// CommitBatch (one pipeline, one round trip), in INSERTs of a few shapes
// (chunkSize); so whatever must refuse the batch (a used claim, a head
// that moved or is missing) fails a statement on the server rather than
// being checked from the rows affected. On SQLite, in process, they run
// in a transaction that checks before it commits. A batch with a used
// claim is committed again in a transaction that first learns which
// claims were taken (ON CONFLICT DO NOTHING RETURNING), so that it
// refuses only their requests.
//
// NOTE: sqlstore imports audit, catalog, internal/sqldb and
// internal/jsontext (its list columns) only, never a driver directly and
// never a package that imports audit.
package sqlstore
