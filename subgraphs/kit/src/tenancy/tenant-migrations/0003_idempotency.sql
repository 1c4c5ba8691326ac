CREATE TABLE "_idempotency_keys" (
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"result_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "_idempotency_keys_operation_key_pk" PRIMARY KEY("operation","key")
);
