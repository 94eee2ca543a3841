-- Token buckets of the rate limits, shared by every replica.
CREATE TABLE gateway_rate_buckets (
	bucket  TEXT PRIMARY KEY,
	tokens  DOUBLE PRECISION NOT NULL,
	updated BIGINT NOT NULL -- unix microseconds
);
