CREATE TABLE "product_search_prices" (
	"product_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"from_price" bigint,
	"stale_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_search_prices_product_id_currency_pk" PRIMARY KEY("product_id","currency")
);
--> statement-breakpoint
ALTER TABLE "product_search_prices" ADD CONSTRAINT "product_search_prices_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_search_prices_sort_idx" ON "product_search_prices" USING btree ("currency","from_price","product_id");--> statement-breakpoint
CREATE INDEX "product_search_prices_stale_idx" ON "product_search_prices" USING btree ("stale_at") WHERE "product_search_prices"."stale_at" is not null;