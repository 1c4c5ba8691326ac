-- The audit trail is append-only for everyone, not only the tenant role: the grants keep the tenant role
-- out, and these triggers refuse UPDATE, DELETE and TRUNCATE from any role, including the schema owner
-- the application logs in as. Only a database administrator who disables the triggers can rewrite it,
-- and the hash chain then shows where.
CREATE FUNCTION "_audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit records are append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "_audit_no_update_or_delete" BEFORE UPDATE OR DELETE ON "_audit" FOR EACH ROW EXECUTE FUNCTION "_audit_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "_audit_no_truncate" BEFORE TRUNCATE ON "_audit" FOR EACH STATEMENT EXECUTE FUNCTION "_audit_refuse_change"();
