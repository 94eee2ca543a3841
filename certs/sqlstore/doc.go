// Package sqlstore keeps the record of certificates the exchange CA issued,
// and their revocations, in a SQL database through sqldb, on PostgreSQL or
// SQLite with the same SQL. It implements certs.Store and passes
// certstest.Run on both engines.
//
// NOTE: sqlstore imports certs and internal/sqldb (a leaf) only; it must not
// import catalog or any other package of this module.
package sqlstore
