-- Materialised open-data packages: one row per CKAN package of any source
-- (the metadata catalog, the licence databases, the statistics).
-- One text for PostgreSQL and SQLite (see package sqldb): times are BIGINT
-- unix microseconds, the package dict is JSON in TEXT.

CREATE TABLE opendata_packages (
	id                TEXT PRIMARY KEY,
	name              TEXT NOT NULL,
	source            TEXT NOT NULL,
	state             TEXT NOT NULL,
	dict              TEXT NOT NULL, -- JSON of opendata.Package without state and timestamps
	content_hash      TEXT NOT NULL, -- hex SHA-256 of dict
	metadata_created  BIGINT NOT NULL,
	metadata_modified BIGINT NOT NULL
);

CREATE UNIQUE INDEX opendata_packages_name ON opendata_packages (name);
CREATE INDEX opendata_packages_source ON opendata_packages (source);
-- NOTE: metadata_modified is strictly increasing across all packages, so
-- that a harvester's fq=metadata_modified:[T TO *] never misses a change;
-- the unique index makes the database hold Sync to it.
CREATE UNIQUE INDEX opendata_packages_modified ON opendata_packages (metadata_modified);
