// Package sqlstore keeps the gateway's shared request state in the
// database, so that every replica agrees: the single-use record of request
// token ids (replay protection), the rate-limit buckets and the live
// replicas. One SQL text serves PostgreSQL and SQLite
// through internal/sqldb.
package sqlstore
