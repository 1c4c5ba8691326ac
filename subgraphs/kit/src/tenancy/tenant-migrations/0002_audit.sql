CREATE TABLE "_audit" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
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
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "_audit_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE INDEX "_audit_entity_idx" ON "_audit" USING btree ("entity_type","entity_id","seq");--> statement-breakpoint
CREATE INDEX "_audit_actor_idx" ON "_audit" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "_audit_action_idx" ON "_audit" USING btree ("action","seq");--> statement-breakpoint
CREATE INDEX "_audit_created_at_idx" ON "_audit" USING btree ("created_at");