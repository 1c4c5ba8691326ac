CREATE TABLE "_audit_head" (
	"id" smallint PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"prev_hash" text NOT NULL,
	CONSTRAINT "_audit_head_single_row" CHECK ("_audit_head"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "_audit_pending" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"request_id" text NOT NULL,
	"client_address" text,
	"created_at" timestamp with time zone NOT NULL,
	"body_before_seq" text NOT NULL,
	"body_after_seq" text NOT NULL
);
--> statement-breakpoint
-- The head starts where the chain stands (genesis for a new tenant).
INSERT INTO "_audit_head" ("id", "seq", "hash", "prev_hash")
SELECT 1,
  coalesce((SELECT "seq" FROM "_audit" ORDER BY "seq" DESC LIMIT 1), 0),
  coalesce((SELECT "hash" FROM "_audit" ORDER BY "seq" DESC LIMIT 1), repeat('0', 64)),
  coalesce((SELECT "prev_hash" FROM "_audit" ORDER BY "seq" DESC LIMIT 1), repeat('0', 64));
--> statement-breakpoint
-- Runs while the recording transaction commits. UPDATE waits for the head row and then reads its latest
-- committed version, so concurrent commits chain one after the other without gaps; the row lock is held
-- only until this commit ends.
CREATE FUNCTION "_audit_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head record;
BEGIN
  UPDATE "_audit_head"
     SET "seq" = "seq" + 1,
         "prev_hash" = "hash",
         "hash" = encode(sha256(convert_to("hash" || NEW."body_before_seq" || ("seq" + 1)::text || NEW."body_after_seq", 'UTF8')), 'hex')
   WHERE "id" = 1
  RETURNING "seq", "prev_hash", "hash" INTO STRICT head;
  INSERT INTO "_audit" ("id", "seq", "tenant_id", "actor_kind", "actor_id", "action", "entity_type", "entity_id",
                        "before", "after", "request_id", "client_address", "created_at", "prev_hash", "hash")
  VALUES (NEW."id", head."seq", NEW."tenant_id", NEW."actor_kind", NEW."actor_id", NEW."action", NEW."entity_type",
          NEW."entity_id", NEW."before", NEW."after", NEW."request_id", NEW."client_address", NEW."created_at",
          head."prev_hash", head."hash");
  DELETE FROM "_audit_pending" WHERE "id" = NEW."id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "_audit_chain_at_commit" AFTER INSERT ON "_audit_pending"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "_audit_chain"();
