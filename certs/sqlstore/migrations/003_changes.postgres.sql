-- Change notices for the gateways' key ring and revocation list: every
-- write of a certs table notifies the gdx_changes channel with the
-- table's name (sqldb.ChangeChannel), inside the writing transaction, so
-- that every replica hears of it when, and only if, it commits.

CREATE FUNCTION certs_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('gdx_changes', TG_TABLE_NAME);
	RETURN NULL;
END
$$;

CREATE TRIGGER certs_issued_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON certs_issued
	FOR EACH STATEMENT EXECUTE FUNCTION certs_notify_change();
CREATE TRIGGER certs_agency_keys_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON certs_agency_keys
	FOR EACH STATEMENT EXECUTE FUNCTION certs_notify_change();
