-- Steward accounts and their sessions for the admin API.
-- One text for PostgreSQL and SQLite (see package catalog/sqldb): times are
-- BIGINT unix microseconds, lists are JSON in TEXT.

CREATE TABLE admin_stewards (
	id            TEXT    PRIMARY KEY,
	agency        TEXT    NOT NULL,
	username      TEXT    NOT NULL UNIQUE,
	display_name  TEXT    NOT NULL,
	roles         TEXT    NOT NULL, -- JSON array of roles
	password_hash TEXT    NOT NULL, -- argon2id PHC string
	disabled      BOOLEAN NOT NULL,
	created_at    BIGINT  NOT NULL,
	failed_logins INTEGER NOT NULL,
	locked_until  BIGINT  NOT NULL  -- 0 when not locked
);

CREATE INDEX admin_stewards_agency ON admin_stewards (agency);

-- Sessions by the SHA-256 of their token; the token is never stored.
CREATE TABLE admin_sessions (
	token_hash TEXT   PRIMARY KEY,
	steward_id TEXT   NOT NULL REFERENCES admin_stewards (id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);

CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at);
CREATE INDEX admin_sessions_steward ON admin_sessions (steward_id);
