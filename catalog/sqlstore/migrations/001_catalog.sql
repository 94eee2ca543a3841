-- The catalog: agencies, datasets, purposes and grants.
-- One text for PostgreSQL and SQLite (see package sqldb for the
-- conventions): times are BIGINT unix microseconds, lists are JSON in TEXT.

CREATE TABLE agencies (
	code     TEXT PRIMARY KEY,
	name_th  TEXT NOT NULL,
	name_en  TEXT NOT NULL,
	ministry TEXT NOT NULL,
	status   TEXT NOT NULL
);

CREATE TABLE purposes (
	code            TEXT PRIMARY KEY,
	description_th  TEXT NOT NULL,
	description_en  TEXT NOT NULL,
	basis           TEXT NOT NULL,
	sensitive_basis TEXT NOT NULL
);

CREATE TABLE datasets (
	id               TEXT PRIMARY KEY,
	owner            TEXT NOT NULL REFERENCES agencies (code),
	title_th         TEXT NOT NULL,
	title_en         TEXT NOT NULL,
	description_th   TEXT NOT NULL,
	description_en   TEXT NOT NULL,
	classification   TEXT NOT NULL,
	fields           TEXT NOT NULL, -- JSON array of catalog.Field
	key_kind         TEXT NOT NULL,
	ial              TEXT NOT NULL,
	aal              TEXT NOT NULL,
	license          TEXT NOT NULL,
	tags             TEXT NOT NULL, -- JSON array of strings
	update_frequency TEXT NOT NULL,
	connector        TEXT NOT NULL
);

CREATE INDEX datasets_owner ON datasets (owner);

CREATE TABLE grants (
	id              TEXT PRIMARY KEY,
	consumer        TEXT NOT NULL REFERENCES agencies (code),
	dataset         TEXT NOT NULL REFERENCES datasets (id),
	purposes        TEXT NOT NULL, -- JSON array of purpose codes
	fields          TEXT NOT NULL, -- JSON array of field names
	unmasked        TEXT NOT NULL, -- JSON array of field names
	valid_from      BIGINT NOT NULL,
	valid_to        BIGINT NOT NULL,
	rate_per_minute BIGINT NOT NULL,
	rate_burst      BIGINT NOT NULL,
	status          TEXT NOT NULL
);

CREATE INDEX grants_consumer_dataset ON grants (consumer, dataset);
CREATE INDEX grants_dataset ON grants (dataset);
