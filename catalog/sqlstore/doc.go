// Package sqlstore keeps the catalog (agencies, datasets, purposes and
// grants) in a SQL database through sqldb, on PostgreSQL or SQLite with the
// same SQL. It implements catalog.Store and passes catalogtest.Run on both
// engines.
//
// NOTE: sqlstore imports catalog and internal/sqldb only, never a driver
// directly and never a package that imports catalog.
package sqlstore
