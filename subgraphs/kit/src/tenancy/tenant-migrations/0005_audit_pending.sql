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
