-- Replicas that serve the agency API, each with the last time it said so,
-- so that rate-limit leases are sized by the number of live replicas.
CREATE TABLE gateway_replicas (
	name TEXT PRIMARY KEY,
	seen BIGINT NOT NULL -- unix microseconds
);
