import {
  mutate,
  newId,
  notFound,
  Problems,
  parseId,
  previousResult,
  type RequestContext,
  read,
  recordAudit,
  recordIdempotentResult,
  refuse,
  type TenantTx,
  type UserError,
} from '@meridian/kit';
import { asc, eq, gt, inArray } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { shippingMethods, shippingRates, shippingZones } from '../db/schema.ts';
import { checkZoneInput } from './shipping-input.ts';
import type { ShippingRules } from './shipping-rate.ts';
import { checkIdempotencyKey } from './validate.ts';

export type ShippingZoneRow = typeof shippingZones.$inferSelect;
export type ShippingMethodRow = typeof shippingMethods.$inferSelect;
export type ShippingRateRow = typeof shippingRates.$inferSelect;

const shippingTag = 'commerce:shipping';
const rulesKey = 'commerce:shipping-rules';

/** The tenant's zones, methods and rates, cached (L1 + Redis) and dropped after every shipping write. */
export function shippingRules(ctx: RequestContext): Promise<ShippingRules> {
  return ctx.cache.getOrLoad(
    rulesKey,
    () =>
      read(ctx, async (tx) => {
        const [zones, methods, rates] = await Promise.all([
          tx.select().from(shippingZones).orderBy(asc(shippingZones.id)),
          tx.select().from(shippingMethods).orderBy(asc(shippingMethods.position), asc(shippingMethods.id)),
          tx.select().from(shippingRates).orderBy(asc(shippingRates.id)),
        ]);
        return {
          zones: zones.map((z) => ({ id: z.id, name: z.name, countries: z.countries, regions: z.regions })),
          methods: methods.map((m) => ({
            id: m.id,
            zoneId: m.zoneId,
            name: m.name,
            carrier: m.carrier,
            active: m.active,
            position: m.position,
            rates: rates
              .filter((r) => r.methodId === m.id)
              .map((r) => ({
                id: r.id,
                currency: r.currency,
                kind: r.kind,
                min: r.min,
                max: r.max,
                amount: r.amount,
                freeOver: r.freeOver,
              })),
          })),
        };
      }),
    { tags: [shippingTag], ttlSeconds: 300 },
  );
}

export async function invalidateShipping(ctx: RequestContext) {
  await ctx.cache.invalidateTags([shippingTag]);
}

type ZonePayload = { shippingZone: ShippingZoneRow | null; userErrors: UserError[] };

export async function createShippingZone(
  ctx: RequestContext,
  input: { name: string; countries: string[]; regions?: string[] | null; idempotencyKey?: string | null },
): Promise<ZonePayload> {
  const problems = new Problems();
  const checked = checkZoneInput(problems, input, true);
  const key = checkIdempotencyKey(problems, ['idempotencyKey'], input.idempotencyKey);
  if (!problems.ok) return { shippingZone: null, userErrors: problems.list };
  const result = await mutate<ZonePayload>(ctx, { shippingZone: null }, async (tx) => {
    const previous = await previousResult(tx, 'createShippingZone', key);
    if (previous) return { shippingZone: await zoneRow(tx, previous), userErrors: [] };
    const [zone] = await tx
      .insert(shippingZones)
      .values({
        id: newId('shz'),
        name: checked.name as string,
        countries: checked.countries ?? [],
        regions: checked.regions ?? [],
      })
      .returning();
    if (!zone) throw new Error('zone insert returned nothing');
    await recordIdempotentResult(tx, 'createShippingZone', key, zone.id);
    await recordAudit(tx, ctx, {
      action: 'shipping-zone.create',
      entityType: 'ShippingZone',
      entityId: zone.id,
      after: zone,
    });
    return { shippingZone: zone, userErrors: [] };
  });
  if (result.shippingZone) await invalidateShipping(ctx);
  return result;
}

export async function updateShippingZone(
  ctx: RequestContext,
  input: { id: string; name?: string | null; countries?: string[] | null; regions?: string[] | null },
): Promise<ZonePayload> {
  const problems = new Problems();
  if (!parseId('shz', input.id)) problems.add(['id'], CommerceError.NOT_FOUND, 'Shipping zone not found');
  const checked = checkZoneInput(problems, input, false);
  if (!problems.ok) return { shippingZone: null, userErrors: problems.list };
  const result = await mutate<ZonePayload>(ctx, { shippingZone: null }, async (tx) => {
    const [before] = await tx.select().from(shippingZones).where(eq(shippingZones.id, input.id)).for('update');
    if (!before) refuse(['id'], CommerceError.NOT_FOUND, 'Shipping zone not found');
    const countries = checked.countries ?? before.countries;
    const regions = checked.regions ?? before.regions;
    if (countries.length + regions.length === 0) {
      refuse(['countries'], CommerceError.REQUIRED, 'Name at least one country or region');
    }
    const [zone] = await tx
      .update(shippingZones)
      .set({ name: checked.name ?? before.name, countries, regions, updatedAt: new Date() })
      .where(eq(shippingZones.id, input.id))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'shipping-zone.update',
      entityType: 'ShippingZone',
      entityId: input.id,
      before,
      after: zone,
    });
    return { shippingZone: zone ?? null, userErrors: [] };
  });
  if (result.shippingZone) await invalidateShipping(ctx);
  return result;
}

/** Deletes a zone with its methods and rates; orders keep their own snapshot of what they chose. */
export async function deleteShippingZone(ctx: RequestContext, input: { id: string }) {
  if (!parseId('shz', input.id)) {
    const problems = new Problems();
    problems.add(['id'], CommerceError.NOT_FOUND, 'Shipping zone not found');
    return { deletedId: null, userErrors: problems.list };
  }
  const result = await mutate<{ deletedId: string | null; userErrors: UserError[] }>(
    ctx,
    { deletedId: null },
    async (tx) => {
      const [before] = await tx.delete(shippingZones).where(eq(shippingZones.id, input.id)).returning();
      if (!before) refuse(['id'], CommerceError.NOT_FOUND, 'Shipping zone not found');
      await recordAudit(tx, ctx, {
        action: 'shipping-zone.delete',
        entityType: 'ShippingZone',
        entityId: input.id,
        before,
      });
      return { deletedId: input.id, userErrors: [] };
    },
  );
  if (result.deletedId) await invalidateShipping(ctx);
  return result;
}

export async function zoneRow(tx: TenantTx, id: string) {
  const [row] = await tx.select().from(shippingZones).where(eq(shippingZones.id, id));
  return row ?? null;
}

export async function findShippingZone(ctx: RequestContext, id: string) {
  if (!parseId('shz', id)) throw notFound('Shipping zone');
  const row = await read(ctx, (tx) => zoneRow(tx, id));
  if (!row) throw notFound('Shipping zone');
  return row;
}

export function listShippingZones(ctx: RequestContext, args: { first: number; after?: string | null }) {
  if (args.after && !parseId('shz', args.after)) throw notFound('Cursor');
  return read(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(shippingZones)
      .where(args.after ? gt(shippingZones.id, args.after) : undefined)
      .orderBy(asc(shippingZones.id))
      .limit(args.first + 1);
    return { nodes: rows.slice(0, args.first), hasNextPage: rows.length > args.first };
  });
}

/** Methods of many zones at once (one query per request, through a DataLoader in the resolvers). */
export function methodsOfZones(ctx: RequestContext, zoneIds: readonly string[]) {
  return read(ctx, (tx) =>
    tx
      .select()
      .from(shippingMethods)
      .where(inArray(shippingMethods.zoneId, [...zoneIds]))
      .orderBy(asc(shippingMethods.position), asc(shippingMethods.id)),
  );
}

export function ratesOfMethods(ctx: RequestContext, methodIds: readonly string[]) {
  return read(ctx, (tx) =>
    tx
      .select()
      .from(shippingRates)
      .where(inArray(shippingRates.methodId, [...methodIds]))
      .orderBy(asc(shippingRates.id)),
  );
}

export async function zonesByIds(ctx: RequestContext, ids: readonly string[]) {
  const valid = ids.filter((id) => parseId('shz', id));
  if (valid.length === 0) return new Map<string, ShippingZoneRow>();
  const rows = await read(ctx, (tx) => tx.select().from(shippingZones).where(inArray(shippingZones.id, valid)));
  return new Map(rows.map((r) => [r.id, r]));
}
