import type { TenantTx } from '@meridian/kit';
import { newId } from '@meridian/kit';
import { and, eq, inArray } from 'drizzle-orm';
import { priceLists, prices } from '../db/schema.ts';

/** The default price list of each currency (created on first use): where a product's `prices` go. */
export async function defaultPriceLists(tx: TenantTx, currencies: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(currencies)];
  if (wanted.length === 0) return new Map();
  await tx
    .insert(priceLists)
    .values(wanted.map((currency) => ({ id: newId('prl'), name: `Default ${currency}`, currency, isDefault: true })))
    .onConflictDoNothing();
  const rows = await tx
    .select({ id: priceLists.id, currency: priceLists.currency })
    .from(priceLists)
    .where(and(eq(priceLists.isDefault, true), inArray(priceLists.currency, wanted)));
  return new Map(rows.map((r) => [r.currency, r.id]));
}

/** Writes each variant's base prices (quantity 1) into the default lists of their currencies. */
export async function writeBasePrices(
  tx: TenantTx,
  entries: { variantId: string; prices: { currency: string; amount: number }[] }[],
): Promise<void> {
  const lists = await defaultPriceLists(
    tx,
    entries.flatMap((e) => e.prices.map((p) => p.currency)),
  );
  const values = entries.flatMap((e) =>
    e.prices.map((p) => ({
      priceListId: lists.get(p.currency) as string,
      variantId: e.variantId,
      minQuantity: 1,
      amount: p.amount,
    })),
  );
  if (values.length > 0) await tx.insert(prices).values(values);
}
