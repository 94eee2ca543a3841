-- The licence databases of the issuing agencies (package opendata/licence).
-- Times are BIGINT unix microseconds; dates are TEXT YYYY-MM-DD ('' for
-- none), which sort as dates. issuer and number use the "C" collation so
-- that PostgreSQL orders them by bytes, as SQLite does.

CREATE TABLE licences (
	issuer        TEXT COLLATE "C" NOT NULL,
	number        TEXT COLLATE "C" NOT NULL,
	type          TEXT NOT NULL,
	office        TEXT NOT NULL,
	licensee_kind TEXT NOT NULL,
	business_name TEXT NOT NULL,
	juristic_id   TEXT NOT NULL,
	person_name   TEXT NOT NULL, -- natural persons only; never published
	citizen_id    TEXT NOT NULL, -- natural persons only; never published
	province      TEXT NOT NULL,
	district      TEXT NOT NULL,
	subdistrict   TEXT NOT NULL,
	lat           DOUBLE PRECISION,
	lon           DOUBLE PRECISION,
	issued_on     TEXT NOT NULL,
	expires_on    TEXT NOT NULL,
	status        TEXT NOT NULL,
	name_fold     TEXT NOT NULL, -- lower-case business name of juristic licensees, '' for natural persons
	digest        TEXT NOT NULL, -- hash of the data, to tell an unchanged re-import
	created       BIGINT NOT NULL,
	modified      BIGINT NOT NULL,
	PRIMARY KEY (issuer, number)
);

CREATE INDEX licences_modified ON licences (issuer, modified);
CREATE INDEX licences_number ON licences (number); -- the licence check finds a number under any issuer

CREATE TABLE licence_history (
	issuer      TEXT COLLATE "C" NOT NULL,
	number      TEXT COLLATE "C" NOT NULL,
	at          BIGINT NOT NULL,
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	PRIMARY KEY (issuer, number, at),
	FOREIGN KEY (issuer, number) REFERENCES licences (issuer, number) ON DELETE CASCADE
);
