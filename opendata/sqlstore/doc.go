// Package sqlstore is the SQL implementation of opendata.Store: the
// materialised CKAN packages of every open-data source, on PostgreSQL or
// SQLite through internal/sqldb. Sync gives each changed package a
// metadata_modified strictly greater than every earlier one, across all
// packages and all processes sharing the database.
//
// NOTE: sqlstore imports opendata, catalog (error kinds) and internal/sqldb
// only; it must not import the CKAN API, the search index or gateway.
package sqlstore
