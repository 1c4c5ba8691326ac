CREATE TABLE "accounting_idempotency_keys" (
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"result_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_idempotency_keys_operation_key_pk" PRIMARY KEY("operation","key")
);
--> statement-breakpoint
CREATE TABLE "tax_product_classes" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"tax_class_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_classes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"exempt" boolean DEFAULT false NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_rates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"zone_id" uuid NOT NULL,
	"tax_class_id" uuid NOT NULL,
	"name" text NOT NULL,
	"rate" numeric(6, 3) NOT NULL,
	"priority" integer DEFAULT 1 NOT NULL,
	"compound" boolean DEFAULT false NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_rates_rate_check" CHECK ("tax_rates"."rate" >= 0 and "tax_rates"."rate" <= 100),
	CONSTRAINT "tax_rates_priority_check" CHECK ("tax_rates"."priority" between 1 and 9),
	CONSTRAINT "tax_rates_window_check" CHECK ("tax_rates"."valid_to" is null or "tax_rates"."valid_from" is null or "tax_rates"."valid_to" > "tax_rates"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "tax_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"prices_include_tax" boolean DEFAULT false NOT NULL,
	"default_tax_class_id" uuid,
	"shipping_tax_mode" text DEFAULT 'proportional' NOT NULL,
	"shipping_tax_class_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_settings_singleton_check" CHECK ("tax_settings"."id" = 1),
	CONSTRAINT "tax_settings_shipping_check" CHECK ("tax_settings"."shipping_tax_mode" <> 'class' or "tax_settings"."shipping_tax_class_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "tax_zones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"postal_code_patterns" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tax_product_classes" ADD CONSTRAINT "tax_product_classes_tax_class_id_tax_classes_id_fk" FOREIGN KEY ("tax_class_id") REFERENCES "public"."tax_classes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_zone_id_tax_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."tax_zones"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_tax_class_id_tax_classes_id_fk" FOREIGN KEY ("tax_class_id") REFERENCES "public"."tax_classes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_settings" ADD CONSTRAINT "tax_settings_default_tax_class_id_tax_classes_id_fk" FOREIGN KEY ("default_tax_class_id") REFERENCES "public"."tax_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_settings" ADD CONSTRAINT "tax_settings_shipping_tax_class_id_tax_classes_id_fk" FOREIGN KEY ("shipping_tax_class_id") REFERENCES "public"."tax_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tax_product_classes_class_idx" ON "tax_product_classes" USING btree ("tax_class_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_classes_code_key" ON "tax_classes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "tax_rates_zone_class_idx" ON "tax_rates" USING btree ("zone_id","tax_class_id","priority");--> statement-breakpoint
CREATE INDEX "tax_rates_class_idx" ON "tax_rates" USING btree ("tax_class_id");--> statement-breakpoint
CREATE INDEX "tax_zones_country_idx" ON "tax_zones" USING btree ("country");