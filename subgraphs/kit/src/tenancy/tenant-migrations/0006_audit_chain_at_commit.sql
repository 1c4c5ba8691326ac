-- Chains a pending record into _audit while its transaction commits, as the tenant role. It takes the
-- per-schema advisory lock that records written straight into _audit take too (code from before this
-- migration still does during a deploy), then reads the last record: under READ COMMITTED each statement
-- here sees what the previous holder committed, and the lock is held only until this commit ends. Tables
-- are named through the trigger's own schema, so nothing on the search_path can stand in for them.
CREATE FUNCTION "_audit_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev_seq bigint;
  prev_hash text;
  next_seq bigint;
  next_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('meridian.audit.' || TG_TABLE_SCHEMA));
  EXECUTE format('SELECT "seq", "hash" FROM %I."_audit" ORDER BY "seq" DESC LIMIT 1', TG_TABLE_SCHEMA)
    INTO prev_seq, prev_hash;
  next_seq := coalesce(prev_seq, 0) + 1;
  prev_hash := coalesce(prev_hash, repeat('0', 64));
  next_hash := encode(sha256(convert_to(prev_hash || NEW."body_before_seq" || next_seq::text || NEW."body_after_seq", 'UTF8')), 'hex');
  EXECUTE format(
    'INSERT INTO %I."_audit" ("id", "seq", "tenant_id", "actor_kind", "actor_id", "action", "entity_type", "entity_id", '
    '"before", "after", "request_id", "client_address", "created_at", "prev_hash", "hash") '
    'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)', TG_TABLE_SCHEMA)
    USING NEW."id", next_seq, NEW."tenant_id", NEW."actor_kind", NEW."actor_id", NEW."action", NEW."entity_type",
      NEW."entity_id", NEW."before", NEW."after", NEW."request_id", NEW."client_address", NEW."created_at",
      prev_hash, next_hash;
  EXECUTE format('DELETE FROM %I."_audit_pending" WHERE "id" = $1', TG_TABLE_SCHEMA) USING NEW."id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "_audit_chain_at_commit" AFTER INSERT ON "_audit_pending"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "_audit_chain"();
