CREATE TABLE "commerce_cart_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cart_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"product_id" uuid,
	"sku" text DEFAULT '' NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"quantity" integer NOT NULL,
	"unit_list_price" bigint,
	"unit_price" bigint,
	"line_total" bigint,
	"discount_id" text,
	"weight_grams" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_cart_lines_quantity_check" CHECK ("commerce_cart_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "commerce_carts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key_hash" text NOT NULL,
	"customer_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"currency" text NOT NULL,
	"email" text,
	"discount_code" text,
	"shipping_address" jsonb,
	"billing_address" jsonb,
	"shipping_method_id" uuid,
	"pricing" jsonb,
	"order_id" uuid,
	"merged_into" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commerce_returns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"customer_id" uuid,
	"status" text DEFAULT 'requested' NOT NULL,
	"lines" jsonb NOT NULL,
	"note" text,
	"reject_reason" text,
	"restocked" boolean DEFAULT false NOT NULL,
	"refund_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "commerce_shipments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"carrier" text,
	"tracking_number" text,
	"tracking_url" text,
	"lines" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "commerce_order_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"data" jsonb,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commerce_order_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"variant_id" uuid NOT NULL,
	"product_id" uuid,
	"sku" text NOT NULL,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_list_price" bigint NOT NULL,
	"unit_price" bigint NOT NULL,
	"line_discount" bigint NOT NULL,
	"order_discount" bigint NOT NULL,
	"net_amount" bigint NOT NULL,
	"tax_amount" bigint NOT NULL,
	"gross_amount" bigint NOT NULL,
	"taxes" jsonb NOT NULL,
	"tax_class_id" text,
	"weight_grams" integer DEFAULT 0 NOT NULL,
	"fulfilled_quantity" integer DEFAULT 0 NOT NULL,
	"refunded_quantity" integer DEFAULT 0 NOT NULL,
	"returned_quantity" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "commerce_order_lines_quantity_check" CHECK ("commerce_order_lines"."quantity" > 0 and "commerce_order_lines"."fulfilled_quantity" between 0 and "commerce_order_lines"."quantity"
        and "commerce_order_lines"."refunded_quantity" between 0 and "commerce_order_lines"."quantity" and "commerce_order_lines"."returned_quantity" between 0 and "commerce_order_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "commerce_order_numbers" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "commerce_order_numbers_singleton_check" CHECK ("commerce_order_numbers"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "commerce_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"cart_id" uuid,
	"customer_id" uuid,
	"email" text NOT NULL,
	"currency" text NOT NULL,
	"prices_include_tax" boolean NOT NULL,
	"subtotal" bigint NOT NULL,
	"discount_total" bigint NOT NULL,
	"shipping_total" bigint NOT NULL,
	"tax_total" bigint NOT NULL,
	"total" bigint NOT NULL,
	"refunded_total" bigint DEFAULT 0 NOT NULL,
	"discount_code" text,
	"discount_id" text,
	"shipping_address" jsonb NOT NULL,
	"billing_address" jsonb,
	"shipping" jsonb NOT NULL,
	"tax_lines" jsonb NOT NULL,
	"reservation_id" uuid,
	"stock_state" text DEFAULT 'held' NOT NULL,
	"allocation" jsonb NOT NULL,
	"cancel_reason" text,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_orders_refund_check" CHECK ("commerce_orders"."refunded_total" >= 0 and "commerce_orders"."refunded_total" <= "commerce_orders"."total")
);
--> statement-breakpoint
CREATE TABLE "commerce_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid,
	"cart_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"status" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"method_ref" text,
	"card_brand" text,
	"card_last4" text,
	"failure_code" text,
	"failure_message" text,
	"next_action" jsonb,
	"draft" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commerce_refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"return_id" uuid,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"shipping_amount" bigint DEFAULT 0 NOT NULL,
	"lines" jsonb NOT NULL,
	"reason" text,
	"status" text NOT NULL,
	"provider_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commerce_webhook_events" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_webhook_events_provider_event_id_pk" PRIMARY KEY("provider","event_id")
);
--> statement-breakpoint
CREATE TABLE "commerce_shipping_methods" (
	"id" uuid PRIMARY KEY NOT NULL,
	"zone_id" uuid NOT NULL,
	"name" text NOT NULL,
	"carrier" text,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commerce_shipping_rates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"method_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"kind" text NOT NULL,
	"min" bigint DEFAULT 0 NOT NULL,
	"max" bigint,
	"amount" bigint NOT NULL,
	"free_over" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_shipping_rates_amount_check" CHECK ("commerce_shipping_rates"."amount" >= 0 and "commerce_shipping_rates"."min" >= 0),
	CONSTRAINT "commerce_shipping_rates_range_check" CHECK ("commerce_shipping_rates"."max" is null or "commerce_shipping_rates"."max" > "commerce_shipping_rates"."min")
);
--> statement-breakpoint
CREATE TABLE "commerce_shipping_zones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"countries" text[] NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commerce_idempotency_keys" (
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"result_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_idempotency_keys_operation_key_pk" PRIMARY KEY("operation","key")
);
--> statement-breakpoint
ALTER TABLE "commerce_cart_lines" ADD CONSTRAINT "commerce_cart_lines_cart_id_commerce_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "public"."commerce_carts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_order_events" ADD CONSTRAINT "commerce_order_events_order_id_commerce_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."commerce_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_order_lines" ADD CONSTRAINT "commerce_order_lines_order_id_commerce_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."commerce_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_shipping_methods" ADD CONSTRAINT "commerce_shipping_methods_zone_id_commerce_shipping_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."commerce_shipping_zones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_shipping_rates" ADD CONSTRAINT "commerce_shipping_rates_method_id_commerce_shipping_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."commerce_shipping_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_cart_lines_variant_key" ON "commerce_cart_lines" USING btree ("cart_id","variant_id");--> statement-breakpoint
CREATE INDEX "commerce_carts_customer_idx" ON "commerce_carts" USING btree ("customer_id","status");--> statement-breakpoint
CREATE INDEX "commerce_carts_updated_idx" ON "commerce_carts" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "commerce_returns_order_idx" ON "commerce_returns" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "commerce_returns_status_idx" ON "commerce_returns" USING btree ("status");--> statement-breakpoint
CREATE INDEX "commerce_shipments_order_idx" ON "commerce_shipments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "commerce_order_events_order_idx" ON "commerce_order_events" USING btree ("order_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_order_lines_order_key" ON "commerce_order_lines" USING btree ("order_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_orders_number_key" ON "commerce_orders" USING btree ("number");--> statement-breakpoint
CREATE INDEX "commerce_orders_customer_idx" ON "commerce_orders" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "commerce_orders_status_idx" ON "commerce_orders" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "commerce_orders_email_idx" ON "commerce_orders" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_payments_idempotency_key" ON "commerce_payments" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_payments_provider_ref_key" ON "commerce_payments" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_payments_live_cart_key" ON "commerce_payments" USING btree ("cart_id") WHERE "commerce_payments"."status" in ('processing', 'requires_action', 'succeeded');--> statement-breakpoint
CREATE INDEX "commerce_payments_status_idx" ON "commerce_payments" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "commerce_payments_order_idx" ON "commerce_payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "commerce_refunds_order_idx" ON "commerce_refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "commerce_shipping_methods_zone_idx" ON "commerce_shipping_methods" USING btree ("zone_id");--> statement-breakpoint
CREATE INDEX "commerce_shipping_rates_method_idx" ON "commerce_shipping_rates" USING btree ("method_id");