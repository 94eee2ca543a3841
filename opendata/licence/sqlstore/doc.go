// Package sqlstore keeps the licence databases (licence.Store) in
// PostgreSQL or SQLite through internal/sqldb, with one SQL text for both
// engines and its own migrations (owner "licence").
//
// NOTE: it imports opendata/licence, catalog and internal/sqldb only of
// this module, and pgx's pgtype for nothing but the scanner interfaces its
// export scan targets implement (scan.go), beside database/sql's. The
// open read paths (Each, Search) never select the columns that hold a
// natural person's name or citizen id.
package sqlstore
