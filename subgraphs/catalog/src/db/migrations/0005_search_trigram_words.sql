DROP INDEX "products_title_trgm_idx";--> statement-breakpoint
CREATE INDEX "products_search_trgm_idx" ON "products" USING gin (("title" || ' ' || "search_extra") extensions.gin_trgm_ops);