// Package sqlstore keeps the citizen view's sessions in the database
// (citizen.SessionStore), so that every replica of the exchange knows
// them: a citizen signed in through one replica stays signed in whichever
// replica answers next, and a sign-in begun on one can come back from
// Digital ID to another. One SQL text serves PostgreSQL and SQLite through
// internal/sqldb.
//
// A session is stored under the SHA-256 of its cookie (citizen's own
// key), so the table opens no session; it holds a citizen's keyed id hash
// and masked id, never the citizen id. Expired sessions are never found,
// and each new session clears the expired ones.
//
// NOTE: sqlstore imports citizen (the Session it stores), catalog (its
// errors) and internal/sqldb.
package sqlstore
