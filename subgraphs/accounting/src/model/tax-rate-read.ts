import { loaderFor, notFound, pageSize, parseId, type RequestContext, read } from '@meridian/kit';
import { and, asc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { taxRates } from '../db/schema.ts';
import { findTaxClass } from './tax-class.ts';
import { cursorId } from './tax-input.ts';
import type { TaxRateRow } from './tax-rate.ts';
import { findTaxZone } from './tax-zone.ts';

export async function findTaxRate(ctx: RequestContext, id: string): Promise<TaxRateRow> {
  const found = parseId('txr', id) ? await taxRateById(ctx, id) : null;
  if (!found) throw notFound('TaxRate');
  return found;
}

export function taxRateById(ctx: RequestContext, id: string): Promise<TaxRateRow | null> {
  return loaderFor<string, TaxRateRow>(ctx, 'taxRateById', async (ids) => {
    const rows = await read(ctx, (tx) =>
      tx
        .select()
        .from(taxRates)
        .where(inArray(taxRates.id, [...ids])),
    );
    return new Map(rows.map((row) => [row.id, row]));
  }).load(id);
}

export interface TaxRateFilter {
  zoneId?: string | null;
  taxClassId?: string | null;
  /** Only rates valid at this instant. */
  validAt?: Date | null;
}

/** Rates in creation order, filtered; cursor = the last id. */
export async function listTaxRates(
  ctx: RequestContext,
  args: TaxRateFilter & { first?: number | null; after?: string | null },
) {
  // An id of another tenant (or kind) is NOT_FOUND, like every id-taking field, not an empty page.
  if (args.zoneId) await findTaxZone(ctx, args.zoneId);
  if (args.taxClassId) await findTaxClass(ctx, args.taxClassId);
  const limit = pageSize(args.first);
  const after = cursorId('txr', args.after);
  const at = args.validAt ?? null;
  const rows = await read(ctx, (tx) =>
    tx
      .select()
      .from(taxRates)
      .where(
        and(
          args.zoneId ? eq(taxRates.zoneId, args.zoneId) : undefined,
          args.taxClassId ? eq(taxRates.taxClassId, args.taxClassId) : undefined,
          at ? or(isNull(taxRates.validFrom), lte(taxRates.validFrom, at)) : undefined,
          at ? or(isNull(taxRates.validTo), gt(taxRates.validTo, at)) : undefined,
          after ? gt(taxRates.id, after) : undefined,
        ),
      )
      .orderBy(asc(taxRates.id))
      .limit(limit + 1),
  );
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit };
}
