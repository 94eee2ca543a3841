-- Change notices for the per-replica caches of the lookup path: every
-- write of a catalog table notifies the gdx_changes channel with the
-- table's name (sqldb.ChangeChannel), inside the writing transaction, so
-- that every replica hears of it when, and only if, it commits.

CREATE FUNCTION catalog_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('gdx_changes', TG_TABLE_NAME);
	RETURN NULL;
END
$$;

CREATE TRIGGER agencies_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agencies
	FOR EACH STATEMENT EXECUTE FUNCTION catalog_notify_change();
CREATE TRIGGER purposes_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON purposes
	FOR EACH STATEMENT EXECUTE FUNCTION catalog_notify_change();
CREATE TRIGGER datasets_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON datasets
	FOR EACH STATEMENT EXECUTE FUNCTION catalog_notify_change();
CREATE TRIGGER grants_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grants
	FOR EACH STATEMENT EXECUTE FUNCTION catalog_notify_change();
