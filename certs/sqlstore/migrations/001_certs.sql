-- Certificates the exchange CA issued, with their revocations.
-- One text for PostgreSQL and SQLite (see package sqldb for the
-- conventions): times are BIGINT unix microseconds, lists are JSON in TEXT.

CREATE TABLE certs_issued (
	serial            TEXT PRIMARY KEY, -- lowercase hex, no leading zeros
	kind              TEXT NOT NULL,
	subject           TEXT NOT NULL,
	agency            TEXT NOT NULL,
	dns_names         TEXT NOT NULL,   -- JSON array
	ips               TEXT NOT NULL,   -- JSON array
	not_before        BIGINT NOT NULL,
	not_after         BIGINT NOT NULL,
	thumbprint        TEXT NOT NULL,
	revoked_at        BIGINT,          -- NULL while not revoked
	revocation_reason TEXT NOT NULL DEFAULT ''
);

CREATE INDEX certs_issued_revoked ON certs_issued (revoked_at) WHERE revoked_at IS NOT NULL;
