// Package sqlstore keeps the exchange statistics (opendata/stats) in a SQL
// database through internal/sqldb, on PostgreSQL or SQLite with one SQL
// text.
//
// NOTE: sqlstore imports opendata/stats, catalog and internal/sqldb only.
package sqlstore
