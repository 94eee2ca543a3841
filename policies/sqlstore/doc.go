// Package sqlstore keeps policy versions, their workflow events and the
// decision log in a SQL database through internal/sqldb, on PostgreSQL or
// SQLite with the same SQL. It implements policies.VersionStore and
// policies.DecisionLog.
//
// NOTE: sqlstore imports policies, catalog and internal/sqldb only, never a
// driver directly. Every write that depends on what it reads (the next id,
// the active version, a version's status) runs in one transaction under
// the lock "gdx:policies".
package sqlstore
