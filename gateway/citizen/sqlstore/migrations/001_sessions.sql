-- The citizen view's sessions, shared by every replica. key is the
-- SHA-256 of the cookie value (never the cookie); session is the JSON of
-- a sign-in in progress (state, nonce, PKCE verifier) or of a signed-in
-- citizen (keyed id hash, masked id, name, assurance levels, CSRF token).
CREATE TABLE citizen_sessions (
	key        TEXT   PRIMARY KEY,
	expires_us BIGINT NOT NULL,
	session    TEXT   NOT NULL
);

CREATE INDEX citizen_sessions_expires ON citizen_sessions (expires_us);
