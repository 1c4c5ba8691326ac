-- Custom SQL migration file, put your code below! --
-- Fills product_search_prices (0002) for the products that exist when the table appears; from then on
-- model/search-prices.ts keeps it in the transaction of every price change. Same definition as there:
-- lowest quantity-1 amount on the active lists for everyone that are valid now, and the next time a list
-- window opens or closes. Re-runnable: a row already written is left alone.
INSERT INTO "product_search_prices" ("product_id", "currency", "from_price", "stale_at")
SELECT v."product_id", pl."currency",
  min(pr."amount") FILTER (WHERE (pl."valid_from" IS NULL OR pl."valid_from" <= now()) AND (pl."valid_to" IS NULL OR pl."valid_to" > now())),
  min(CASE WHEN pl."valid_from" > now() THEN pl."valid_from" WHEN pl."valid_to" > now() THEN pl."valid_to" END)
FROM "prices" pr
JOIN "price_lists" pl ON pl."id" = pr."price_list_id"
JOIN "product_variants" v ON v."id" = pr."variant_id"
WHERE pr."min_quantity" = 1 AND pl."customer_group" IS NULL AND pl."active"
GROUP BY v."product_id", pl."currency"
HAVING count(*) FILTER (WHERE (pl."valid_from" IS NULL OR pl."valid_from" <= now()) AND (pl."valid_to" IS NULL OR pl."valid_to" > now())) > 0
  OR min(CASE WHEN pl."valid_from" > now() THEN pl."valid_from" WHEN pl."valid_to" > now() THEN pl."valid_to" END) IS NOT NULL
ON CONFLICT ("product_id", "currency") DO NOTHING;
