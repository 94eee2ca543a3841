package sqlstore

// The catalog's tables whose writes are announced to caches: through
// sqldb.DB.Changed in this process, and through the database to every
// other (migration 002: a NOTIFY on PostgreSQL, the ChangeCounter table
// on SQLite). catalog/cache names the same tables.
const (
	TableAgencies = "agencies"
	TablePurposes = "purposes"
	TableDatasets = "datasets"
	TableGrants   = "grants"
)

// ChangeCounter is the catalog's SQLite change-counter table, for
// sqldb.DB.OpenChangeStream.
const ChangeCounter = "catalog_changes"
