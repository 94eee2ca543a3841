-- The DataStore API's read path over the licences (package opendata/datastore).
--
-- The licence's stable DataStore _id is SQLite's rowid: assigned when the
-- row is inserted and kept by an upsert. (VACUUM may renumber the rowids of
-- a table without an INTEGER PRIMARY KEY; gdx never runs it on this one.)
-- Every SQLite index ends with the rowid, so these serve datastore_search's
-- common filters (province, licence type, status) in _id order, and the
-- default page of an issuer.
--
-- licence_public is the only relation the DataStore reads: the public view
-- of a licence. It has no person_name or citizen_id, and it blanks the
-- business name and juristic id of natural persons, so no DataStore query
-- can filter on, search or return them.

CREATE INDEX licences_ds_issuer ON licences (issuer);
CREATE INDEX licences_ds_province ON licences (issuer, province);
CREATE INDEX licences_ds_type ON licences (issuer, type);
CREATE INDEX licences_ds_status ON licences (issuer, status);

CREATE VIEW licence_public AS SELECT
	rowid AS _id,
	issuer,
	number,
	type,
	office,
	licensee_kind,
	CASE WHEN licensee_kind = 'juristic' THEN business_name ELSE '' END AS business_name,
	CASE WHEN licensee_kind = 'juristic' THEN juristic_id ELSE '' END AS juristic_id,
	province,
	district,
	subdistrict,
	lat,
	lon,
	issued_on,
	NULLIF(expires_on, '') AS expires_on,
	status
FROM licences;
