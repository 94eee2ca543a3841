-- Request token ids seen, kept until the token could no longer be valid.
-- The primary key makes "was it new?" one atomic INSERT on every engine.
CREATE TABLE gateway_replay (
	agency  TEXT NOT NULL,
	jti     TEXT NOT NULL,
	until   BIGINT NOT NULL, -- unix microseconds
	PRIMARY KEY (agency, jti)
);

CREATE INDEX gateway_replay_until ON gateway_replay (until);
