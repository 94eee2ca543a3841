// Package sqlstore keeps steward accounts and their sessions for the admin
// API in a SQL database through internal/sqldb, on PostgreSQL or SQLite with
// the same SQL. It implements admin.Store.
//
// NOTE: sqlstore imports gateway/admin, catalog and internal/sqldb only,
// never a driver directly. Session rows hold only the SHA-256 of a token.
package sqlstore
