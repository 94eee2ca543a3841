// Package notify tells a process's caches when the database tables they
// hold change, so that they can serve from memory and still never serve a
// suspension, a revocation or a revoked grant for long: one change stream
// per process (sqldb.DB.OpenChangeStream: LISTEN on PostgreSQL, change
// counters on SQLite), reopened with backoff when it breaks, plus the
// process's own committed writes at once (sqldb.DB.OnChange). While the
// stream is down, Live reports false and caches fall back to short
// expiry; the loss is logged and counted.
//
// NOTE: notify is a leaf beside internal/sqldb: it imports sqldb and
// nothing else of this module, and it must never import a store or a
// domain package. Consumers declare their own small interface (Subscribe
// and Live) rather than import it.
package notify
