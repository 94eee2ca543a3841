// Package datastore serves the read side of CKAN's DataStore API —
// datastore_search and datastore_info — over every tabular resource gdx
// publishes (each issuing agency's licences, the exchange statistics),
// answering as CKAN's DataStore (ckanext/datastore, PostgreSQL backend)
// does: the help/success/result envelope, fields with CKAN's type names
// and _id, records as objects, lists, CSV or TSV, total, _links, and
// CKAN's validation messages.
//
// Every search is one parameterised SQL query (and one count) run in the
// database through internal/sqldb, the same text on PostgreSQL and
// SQLite; a resource is never loaded into memory. A resource is described
// by a Table: the relation to read, a base condition, and the whitelist of
// columns with their SQL expressions and types. Column names in the SQL
// come only from that whitelist, never from the request; request values
// only ever travel as parameters.
//
// q is a substring match (LIKE, ignoring the case of A-Z) over the text
// fields, every whitespace-separated word having to match somewhere:
// Thai, written without spaces, matches any part of a word ("ทดสอบ" finds
// "บริษัท ครัวทดสอบ 1 จำกัด"). It is not PostgreSQL full-text search: no
// stemming, no rank field, and q scans the resource's rows (filters use
// indexes; q does not).
//
// Wiring, in cmd/gdx (after the licence and stats migrations):
//
//	stat := &datastore.Tables{}
//	volumesID := stat.Add("gdx-statistics", "volumes", datastore.VolumeTable())
//	… ReasonTable, LatencyTable likewise …
//	tables := datastore.Chain(stat, datastore.Licences(agencyCodes, licencePackageName))
//	h, err := datastore.New(datastore.Config{SiteURL: web}, datastore.Deps{DB: db, Tables: tables, Log: log})
//	h.Register(webEngine) // beside ckan.Handler.Register on the same engine
//
// The package providers give each table's CSV resource the id
// ResourceID(package name, table name) and set its datastore_active.
//
// NOTE: datastore imports catalog (error kinds), opendata (stable ids),
// opendata/licence, opendata/stats and opendata/tabular (the published
// columns), opendata/ckan/ckanreq (the request's data dict), internal/sqldb,
// internal/httpapi and gin. It must not import a store implementation,
// gateway or cmd.
package datastore
