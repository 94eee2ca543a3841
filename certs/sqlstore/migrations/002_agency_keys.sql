-- Agencies' registered public request-signing keys (JWK JSON in TEXT).
CREATE TABLE certs_agency_keys (
	agency     TEXT NOT NULL,
	kid        TEXT NOT NULL,
	alg        TEXT NOT NULL,
	jwk        TEXT NOT NULL,   -- public JWK only
	added_at   BIGINT NOT NULL,
	retire_at  BIGINT,          -- NULL while current
	revoked_at BIGINT,          -- NULL unless revoked
	PRIMARY KEY (agency, kid)
);
