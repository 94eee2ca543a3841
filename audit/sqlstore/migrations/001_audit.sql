-- The audit trail: hash-chained events per writer, chain heads, signed
-- checkpoints, the key index behind "who looked at my record", and
-- withholdings. One text for PostgreSQL and SQLite (see package sqldb for
-- the conventions): times are BIGINT unix microseconds, lists are JSON in
-- TEXT. Column names follow the canonical encoding's member names.
--
-- Partitioning: audit_events is named and keyed so that a later
-- PostgreSQL-only migration (NNN_partition.postgres.sql, with a no-op
-- NNN_partition.sqlite.sql) can rename it to audit_events_unpartitioned and
-- create audit_events PARTITION BY RANGE (time_us) with one partition per
-- month, moving the rows across. A partitioned table's unique keys must
-- hold the partition key, so that migration makes the primary key
-- (writer, seq, time_us) and the id unique (id, time_us); ids start with
-- time_us in hex, so they stay unique. Every query filters or orders by
-- time_us already. audit_event_keys partitions the same way.

CREATE TABLE audit_events (
	writer          TEXT   NOT NULL,
	seq             BIGINT NOT NULL,
	id              TEXT   NOT NULL,
	time_us         BIGINT NOT NULL,
	request_id      TEXT   NOT NULL,
	kind            TEXT   NOT NULL,
	agency          TEXT   NOT NULL,
	officer         TEXT   NOT NULL,
	purpose         TEXT   NOT NULL,
	dataset         TEXT   NOT NULL,
	grant_id        TEXT   NOT NULL,
	key_kind        TEXT   NOT NULL,
	key_hash        TEXT   NOT NULL,
	key_hashes      TEXT   NOT NULL, -- JSON array
	keys            BIGINT NOT NULL,
	fields_returned TEXT   NOT NULL, -- JSON array
	fields_withheld TEXT   NOT NULL, -- JSON array
	decision        TEXT   NOT NULL,
	reasons         TEXT   NOT NULL, -- JSON array
	policy_version  TEXT   NOT NULL,
	decision_id     TEXT   NOT NULL,
	upstream_status BIGINT NOT NULL,
	latency_us      BIGINT NOT NULL,
	status          BIGINT NOT NULL,
	client_addr     TEXT   NOT NULL,
	cert_thumbprint TEXT   NOT NULL,
	auth_check      TEXT   NOT NULL,
	evidence        TEXT   NOT NULL,
	prev_hash       TEXT   NOT NULL,
	hash            TEXT   NOT NULL,
	PRIMARY KEY (writer, seq)
);

CREATE UNIQUE INDEX audit_events_id ON audit_events (id);
-- Query: newest first by (time_us, id), optionally under one equality.
CREATE INDEX audit_events_time ON audit_events (time_us, id);
CREATE INDEX audit_events_agency ON audit_events (agency, time_us, id);
CREATE INDEX audit_events_dataset ON audit_events (dataset, time_us, id);
CREATE INDEX audit_events_kind ON audit_events (kind, time_us, id);
CREATE INDEX audit_events_decision ON audit_events (decision, time_us, id);

-- Every record key hash of every event (KeyHash and each of KeyHashes),
-- for Query by KeyHash and SubjectLookups. Derived from audit_events in the
-- same transaction; the chain covers the events, not this index.
CREATE TABLE audit_event_keys (
	key_hash TEXT   NOT NULL,
	time_us  BIGINT NOT NULL,
	event_id TEXT   NOT NULL,
	PRIMARY KEY (key_hash, time_us, event_id)
);

-- The head of each writer's chain, moved by compare-and-set in the same
-- transaction as the events, so that two processes writing as one writer
-- cannot fork it.
CREATE TABLE audit_chains (
	writer     TEXT   PRIMARY KEY,
	seq        BIGINT NOT NULL,
	hash       TEXT   NOT NULL,
	updated_us BIGINT NOT NULL
);

CREATE TABLE audit_checkpoints (
	writer    TEXT   NOT NULL,
	seq       BIGINT NOT NULL,
	hash      TEXT   NOT NULL,
	time_us   BIGINT NOT NULL,
	signature BYTEA  NOT NULL,
	PRIMARY KEY (writer, seq)
);

CREATE TABLE audit_withholds (
	id       TEXT   PRIMARY KEY,
	grant_id TEXT   NOT NULL,
	agency   TEXT   NOT NULL,
	dataset  TEXT   NOT NULL,
	until_us BIGINT NOT NULL,
	reason   TEXT   NOT NULL,
	set_by   TEXT   NOT NULL,
	set_us   BIGINT NOT NULL,
	event_id TEXT   NOT NULL
);

CREATE INDEX audit_withholds_until ON audit_withholds (until_us);
