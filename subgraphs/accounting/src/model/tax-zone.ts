import {
  loaderFor,
  mutate,
  newId,
  notFound,
  Problems,
  pageSize,
  parseId,
  previousResult,
  type RequestContext,
  read,
  recordAudit,
  recordIdempotentResult,
  reject,
  type UserError,
} from '@meridian/kit';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { AccountingError } from '../accounting.errors.ts';
import { taxRates, taxZones } from '../db/schema.ts';
import { invalidateTaxRules } from './rules-cache.ts';
import { checkCountry, checkId, checkIdempotencyKey, checkRegion, checkText, cursorId } from './tax-input.ts';
import { normalisePostalPattern } from './zone-match.ts';

export type TaxZoneRow = typeof taxZones.$inferSelect;
type ZoneResult = { taxZone: TaxZoneRow | null; userErrors: UserError[] };

export interface TaxZoneInput {
  idempotencyKey?: string | null;
  name?: string | null;
  country?: string | null;
  regions?: string[] | null;
  postalCodePatterns?: string[] | null;
}

const maxRegions = 100;
const maxPatterns = 2000;

function checkRegions(problems: Problems, values: string[]): string[] {
  if (values.length > maxRegions) problems.add(['regions'], AccountingError.TOO_MANY, `At most ${maxRegions} regions`);
  const regions = values.map((value, i) => checkRegion(problems, ['regions', i], value) ?? '');
  return [...new Set(regions.filter(Boolean))].sort();
}

function checkPatterns(problems: Problems, values: string[]): string[] {
  if (values.length > maxPatterns) {
    problems.add(['postalCodePatterns'], AccountingError.TOO_MANY, `At most ${maxPatterns} patterns`);
  }
  const patterns = values.map((value, i) => {
    const pattern = normalisePostalPattern(value);
    if (!pattern) {
      problems.add(
        ['postalCodePatterns', i],
        AccountingError.INVALID,
        'Use an exact code (SW1A1AA), a prefix (BT*) or a numeric range of equal lengths (10000..14999)',
      );
    }
    return pattern ?? '';
  });
  return [...new Set(patterns.filter(Boolean))].sort();
}

/** Before/after snapshots of the audit trail: the zone's own fields. */
const snapshot = (zone: TaxZoneRow) => ({
  name: zone.name,
  country: zone.country,
  regions: zone.regions,
  postalCodePatterns: zone.postalCodePatterns,
});

export async function createTaxZone(ctx: RequestContext, input: TaxZoneInput): Promise<ZoneResult> {
  const problems = new Problems();
  const key = checkIdempotencyKey(problems, input.idempotencyKey);
  const name = checkText(problems, ['name'], input.name, { required: true, max: 120 });
  const country = checkCountry(problems, ['country'], input.country);
  const regions = checkRegions(problems, input.regions ?? []);
  const postalCodePatterns = checkPatterns(problems, input.postalCodePatterns ?? []);
  if (!problems.ok || !name || !country) return { taxZone: null, userErrors: problems.list };
  const result = await mutate<ZoneResult>(ctx, { taxZone: null }, async (tx) => {
    const previous = await previousResult(tx, 'createTaxZone', key);
    if (previous) {
      const [zone] = await tx.select().from(taxZones).where(eq(taxZones.id, previous));
      return { taxZone: zone ?? null, userErrors: [] };
    }
    const [zone] = await tx
      .insert(taxZones)
      .values({ id: newId('txz'), name, country, regions, postalCodePatterns })
      .returning();
    if (!zone) throw new Error('insert returned nothing');
    await recordIdempotentResult(tx, 'createTaxZone', key, zone.id);
    await recordAudit(tx, ctx, {
      action: 'tax-zone.create',
      entityType: 'TaxZone',
      entityId: zone.id,
      after: snapshot(zone),
    });
    return { taxZone: zone, userErrors: [] };
  });
  if (result.taxZone) await invalidateTaxRules(ctx);
  return result;
}

export async function updateTaxZone(ctx: RequestContext, input: TaxZoneInput & { id: string }): Promise<ZoneResult> {
  const problems = new Problems();
  checkId(problems, ['id'], 'txz', input.id, 'Tax zone');
  const set: Partial<TaxZoneRow> = {};
  if (input.name !== undefined && input.name !== null) {
    set.name = checkText(problems, ['name'], input.name, { required: true, max: 120 }) ?? '';
  }
  if (input.country !== undefined && input.country !== null)
    set.country = checkCountry(problems, ['country'], input.country) ?? '';
  if (input.regions) set.regions = checkRegions(problems, input.regions);
  if (input.postalCodePatterns) set.postalCodePatterns = checkPatterns(problems, input.postalCodePatterns);
  if (!problems.ok) return { taxZone: null, userErrors: problems.list };
  const result = await mutate<ZoneResult>(ctx, { taxZone: null }, async (tx) => {
    const [before] = await tx.select().from(taxZones).where(eq(taxZones.id, input.id)).for('update');
    if (!before) reject(notFoundProblem());
    const [zone] = await tx
      .update(taxZones)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(taxZones.id, input.id))
      .returning();
    if (!zone) throw new Error('update returned nothing');
    await recordAudit(tx, ctx, {
      action: 'tax-zone.update',
      entityType: 'TaxZone',
      entityId: zone.id,
      before: snapshot(before),
      after: snapshot(zone),
    });
    return { taxZone: zone, userErrors: [] };
  });
  if (result.taxZone) await invalidateTaxRules(ctx);
  return result;
}

function notFoundProblem(): Problems {
  const problems = new Problems();
  problems.add(['id'], AccountingError.NOT_FOUND, 'Tax zone not found');
  return problems;
}

type DeleteResult = { deletedId: string | null; userErrors: UserError[] };

/** Deletes a zone without rates; a zone with rates keeps its history (delete or move the rates first). */
export async function deleteTaxZone(ctx: RequestContext, input: { id: string }): Promise<DeleteResult> {
  if (!parseId('txz', input.id)) return { deletedId: null, userErrors: notFoundProblem().list };
  const result = await mutate<DeleteResult>(ctx, { deletedId: null }, async (tx) => {
    const [zone] = await tx.select().from(taxZones).where(eq(taxZones.id, input.id)).for('update');
    if (!zone) reject(notFoundProblem());
    const [rate] = await tx.select({ id: taxRates.id }).from(taxRates).where(eq(taxRates.zoneId, zone.id)).limit(1);
    if (rate) {
      const problems = new Problems();
      problems.add(['id'], AccountingError.IN_USE, 'The zone has tax rates: delete them first');
      reject(problems);
    }
    await tx.delete(taxZones).where(eq(taxZones.id, zone.id));
    await recordAudit(tx, ctx, {
      action: 'tax-zone.delete',
      entityType: 'TaxZone',
      entityId: zone.id,
      before: snapshot(zone),
    });
    return { deletedId: zone.id, userErrors: [] };
  });
  if (result.deletedId) await invalidateTaxRules(ctx);
  return result;
}

export async function findTaxZone(ctx: RequestContext, id: string): Promise<TaxZoneRow> {
  const zone = parseId('txz', id) ? await taxZoneById(ctx, id) : null;
  if (!zone) throw notFound('TaxZone');
  return zone;
}

export function taxZoneById(ctx: RequestContext, id: string): Promise<TaxZoneRow | null> {
  return loaderFor<string, TaxZoneRow>(ctx, 'taxZoneById', async (ids) => {
    const rows = await read(ctx, (tx) =>
      tx
        .select()
        .from(taxZones)
        .where(inArray(taxZones.id, [...ids])),
    );
    return new Map(rows.map((row) => [row.id, row]));
  }).load(id);
}

/** Zones in creation order (ids are time-ordered), optionally of one country; cursor = the last id. */
export async function listTaxZones(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; country?: string | null },
) {
  const limit = pageSize(args.first);
  const after = cursorId('txz', args.after);
  const country = args.country?.trim().toUpperCase();
  const rows = await read(ctx, (tx) =>
    tx
      .select()
      .from(taxZones)
      .where(and(country ? eq(taxZones.country, country) : undefined, after ? gt(taxZones.id, after) : undefined))
      .orderBy(asc(taxZones.id))
      .limit(limit + 1),
  );
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit };
}
