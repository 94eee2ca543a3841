-- Change counters for the per-replica caches of the lookup path: every
-- write of a catalog table bumps its row here, in the writing
-- transaction, and the caches poll the counts (sqldb.ChangeChannel).
-- Every process writing the file bumps them, gdx commands included.

CREATE TABLE catalog_changes (
	tbl TEXT PRIMARY KEY,
	n   BIGINT NOT NULL
);

INSERT INTO catalog_changes (tbl, n) VALUES ('agencies', 0), ('purposes', 0), ('datasets', 0), ('grants', 0);

CREATE TRIGGER agencies_insert_count AFTER INSERT ON agencies BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'agencies';
END;
CREATE TRIGGER agencies_update_count AFTER UPDATE ON agencies BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'agencies';
END;
CREATE TRIGGER agencies_delete_count AFTER DELETE ON agencies BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'agencies';
END;
CREATE TRIGGER purposes_insert_count AFTER INSERT ON purposes BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'purposes';
END;
CREATE TRIGGER purposes_update_count AFTER UPDATE ON purposes BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'purposes';
END;
CREATE TRIGGER purposes_delete_count AFTER DELETE ON purposes BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'purposes';
END;
CREATE TRIGGER datasets_insert_count AFTER INSERT ON datasets BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'datasets';
END;
CREATE TRIGGER datasets_update_count AFTER UPDATE ON datasets BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'datasets';
END;
CREATE TRIGGER datasets_delete_count AFTER DELETE ON datasets BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'datasets';
END;
CREATE TRIGGER grants_insert_count AFTER INSERT ON grants BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'grants';
END;
CREATE TRIGGER grants_update_count AFTER UPDATE ON grants BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'grants';
END;
CREATE TRIGGER grants_delete_count AFTER DELETE ON grants BEGIN
	UPDATE catalog_changes SET n = n + 1 WHERE tbl = 'grants';
END;
