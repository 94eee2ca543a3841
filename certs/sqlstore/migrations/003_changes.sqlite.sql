-- Change counters for the gateways' key ring and revocation list: every
-- write of a certs table bumps its row here, in the writing transaction,
-- and the gateways poll the counts (sqldb.ChangeChannel). Every process
-- writing the file bumps them, gdx commands included.

CREATE TABLE certs_changes (
	tbl TEXT PRIMARY KEY,
	n   BIGINT NOT NULL
);

INSERT INTO certs_changes (tbl, n) VALUES ('certs_issued', 0), ('certs_agency_keys', 0);

CREATE TRIGGER certs_issued_insert_count AFTER INSERT ON certs_issued BEGIN
	UPDATE certs_changes SET n = n + 1 WHERE tbl = 'certs_issued';
END;
CREATE TRIGGER certs_issued_update_count AFTER UPDATE ON certs_issued BEGIN
	UPDATE certs_changes SET n = n + 1 WHERE tbl = 'certs_issued';
END;
CREATE TRIGGER certs_issued_delete_count AFTER DELETE ON certs_issued BEGIN
	UPDATE certs_changes SET n = n + 1 WHERE tbl = 'certs_issued';
END;
CREATE TRIGGER certs_agency_keys_insert_count AFTER INSERT ON certs_agency_keys BEGIN
	UPDATE certs_changes SET n = n + 1 WHERE tbl = 'certs_agency_keys';
END;
CREATE TRIGGER certs_agency_keys_update_count AFTER UPDATE ON certs_agency_keys BEGIN
	UPDATE certs_changes SET n = n + 1 WHERE tbl = 'certs_agency_keys';
END;
CREATE TRIGGER certs_agency_keys_delete_count AFTER DELETE ON certs_agency_keys BEGIN
	UPDATE certs_changes SET n = n + 1 WHERE tbl = 'certs_agency_keys';
END;
