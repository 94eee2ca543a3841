package sqlstore

// The certs tables whose writes are announced to the gateways' key ring
// and revocation list: through sqldb.DB.Changed in this process, and
// through the database to every other (migration 003: a NOTIFY on
// PostgreSQL, the ChangeCounter table on SQLite).
const (
	TableIssued     = "certs_issued"
	TableAgencyKeys = "certs_agency_keys"
)

// ChangeCounter is the certs store's SQLite change-counter table, for
// sqldb.DB.OpenChangeStream.
const ChangeCounter = "certs_changes"
