-- Policy versions, the active pointer, workflow events and the decision log.
-- One text for PostgreSQL and SQLite (see package catalog/sqldb): times are
-- BIGINT unix microseconds, lists and documents are JSON in TEXT.

CREATE TABLE policy_versions (
	id            BIGINT PRIMARY KEY,
	parent        BIGINT NOT NULL,
	modules       TEXT   NOT NULL, -- JSON object: file name → Rego source
	digest        TEXT   NOT NULL,
	scopes        TEXT   NOT NULL, -- JSON array of scopes changed
	author        TEXT   NOT NULL,
	author_agency TEXT   NOT NULL,
	author_role   TEXT   NOT NULL,
	note          TEXT   NOT NULL,
	created_at    BIGINT NOT NULL,
	status        TEXT   NOT NULL,
	report        TEXT   NOT NULL, -- JSON policies.Report
	diff          TEXT   NOT NULL,
	approver      TEXT   NOT NULL,
	approved_at   BIGINT,
	activated_at  BIGINT
);

-- The one active version: a single row, switched in one transaction.
CREATE TABLE policy_active (
	slot       INTEGER PRIMARY KEY CHECK (slot = 1),
	version    BIGINT  NOT NULL REFERENCES policy_versions (id),
	changed_at BIGINT  NOT NULL
);

CREATE TABLE policy_events (
	id           BIGINT PRIMARY KEY,
	version      BIGINT NOT NULL REFERENCES policy_versions (id),
	kind         TEXT   NOT NULL,
	actor        TEXT   NOT NULL,
	actor_agency TEXT   NOT NULL,
	actor_role   TEXT   NOT NULL,
	at           BIGINT NOT NULL,
	note         TEXT   NOT NULL
);

CREATE INDEX policy_events_version ON policy_events (version, id);

-- Every decision, with a summary of its input that never holds a record key.
CREATE TABLE policy_decisions (
	id             TEXT    PRIMARY KEY,
	policy_version TEXT    NOT NULL,
	decided_at     BIGINT  NOT NULL,
	agency         TEXT    NOT NULL,
	officer        TEXT    NOT NULL,
	purpose        TEXT    NOT NULL,
	dataset        TEXT    NOT NULL,
	owner_agency   TEXT    NOT NULL,
	classification TEXT    NOT NULL,
	ial            TEXT    NOT NULL,
	aal            TEXT    NOT NULL,
	requested      TEXT    NOT NULL, -- JSON array
	grant_id       TEXT    NOT NULL,
	allow          BOOLEAN NOT NULL,
	fields         TEXT    NOT NULL, -- JSON array
	masks          TEXT    NOT NULL, -- JSON object
	reasons        TEXT    NOT NULL, -- JSON array
	obligations    TEXT    NOT NULL, -- JSON array
	audit_event    TEXT    NOT NULL
);

CREATE INDEX policy_decisions_time ON policy_decisions (decided_at);
CREATE INDEX policy_decisions_agency ON policy_decisions (agency, decided_at);
