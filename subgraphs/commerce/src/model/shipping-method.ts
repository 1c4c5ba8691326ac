import {
  mutate,
  newId,
  Problems,
  parseId,
  previousResult,
  type RequestContext,
  recordAudit,
  recordIdempotentResult,
  refuse,
  type TenantTx,
  type UserError,
} from '@meridian/kit';
import { eq } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { shippingMethods, shippingRates, shippingZones } from '../db/schema.ts';
import { type CheckedRate, checkRates, type ShippingRateInput } from './shipping-input.ts';
import { invalidateShipping, type ShippingMethodRow } from './shipping-zone.ts';
import { checkIdempotencyKey, checkText } from './validate.ts';

/** Shipping methods of a zone and their rates (the rates of a method are replaced as a whole). */

type MethodPayload = { shippingMethod: ShippingMethodRow | null; userErrors: UserError[] };

export interface MethodInput {
  zoneId?: string;
  name?: string | null;
  carrier?: string | null;
  active?: boolean | null;
  position?: number | null;
  rates?: ShippingRateInput[] | null;
  idempotencyKey?: string | null;
}

function checkMethod(ctx: RequestContext, problems: Problems, input: MethodInput, creating: boolean) {
  const name = checkText(problems, ['name'], input.name, { required: creating, max: 120 });
  const carrier = checkText(problems, ['carrier'], input.carrier, { max: 60 });
  if (input.position != null && (!Number.isInteger(input.position) || input.position < 0 || input.position > 10_000)) {
    problems.add(['position'], CommerceError.INVALID, 'A whole number from 0 to 10000');
  }
  const rates = input.rates ? checkRates(ctx, problems, input.rates) : null;
  if (creating && (!rates || rates.length === 0) && problems.ok) {
    problems.add(['rates'], CommerceError.REQUIRED, 'A method needs at least one rate');
  }
  return { name, carrier, rates };
}

async function replaceRates(tx: TenantTx, methodId: string, rates: CheckedRate[]) {
  await tx.delete(shippingRates).where(eq(shippingRates.methodId, methodId));
  if (rates.length > 0) {
    await tx.insert(shippingRates).values(rates.map((r) => ({ id: newId('shr'), methodId, ...r })));
  }
}

export async function createShippingMethod(
  ctx: RequestContext,
  input: MethodInput & { zoneId: string },
): Promise<MethodPayload> {
  const problems = new Problems();
  if (!parseId('shz', input.zoneId)) problems.add(['zoneId'], CommerceError.NOT_FOUND, 'Shipping zone not found');
  const checked = checkMethod(ctx, problems, input, true);
  const key = checkIdempotencyKey(problems, ['idempotencyKey'], input.idempotencyKey);
  if (!problems.ok) return { shippingMethod: null, userErrors: problems.list };
  const result = await mutate<MethodPayload>(ctx, { shippingMethod: null }, async (tx) => {
    const previous = await previousResult(tx, 'createShippingMethod', key);
    if (previous) return { shippingMethod: await methodRow(tx, previous), userErrors: [] };
    const [zone] = await tx
      .select({ id: shippingZones.id })
      .from(shippingZones)
      .where(eq(shippingZones.id, input.zoneId))
      .for('update');
    if (!zone) refuse(['zoneId'], CommerceError.NOT_FOUND, 'Shipping zone not found');
    const [method] = await tx
      .insert(shippingMethods)
      .values({
        id: newId('shm'),
        zoneId: zone.id,
        name: checked.name as string,
        carrier: checked.carrier,
        active: input.active ?? true,
        position: input.position ?? 0,
      })
      .returning();
    if (!method) throw new Error('method insert returned nothing');
    await replaceRates(tx, method.id, checked.rates ?? []);
    await recordIdempotentResult(tx, 'createShippingMethod', key, method.id);
    await recordAudit(tx, ctx, {
      action: 'shipping-method.create',
      entityType: 'ShippingMethod',
      entityId: method.id,
      after: { ...method, rates: checked.rates },
    });
    return { shippingMethod: method, userErrors: [] };
  });
  if (result.shippingMethod) await invalidateShipping(ctx);
  return result;
}

export async function updateShippingMethod(
  ctx: RequestContext,
  input: MethodInput & { id: string },
): Promise<MethodPayload> {
  const problems = new Problems();
  if (!parseId('shm', input.id)) problems.add(['id'], CommerceError.NOT_FOUND, 'Shipping method not found');
  const checked = checkMethod(ctx, problems, input, false);
  if (checked.rates && checked.rates.length === 0 && problems.ok) {
    problems.add(['rates'], CommerceError.REQUIRED, 'A method needs at least one rate');
  }
  if (!problems.ok) return { shippingMethod: null, userErrors: problems.list };
  const result = await mutate<MethodPayload>(ctx, { shippingMethod: null }, async (tx) => {
    const [before] = await tx.select().from(shippingMethods).where(eq(shippingMethods.id, input.id)).for('update');
    if (!before) refuse(['id'], CommerceError.NOT_FOUND, 'Shipping method not found');
    const [method] = await tx
      .update(shippingMethods)
      .set({
        name: checked.name ?? before.name,
        carrier: input.carrier === undefined ? before.carrier : checked.carrier,
        active: input.active ?? before.active,
        position: input.position ?? before.position,
        updatedAt: new Date(),
      })
      .where(eq(shippingMethods.id, input.id))
      .returning();
    if (checked.rates) await replaceRates(tx, input.id, checked.rates);
    await recordAudit(tx, ctx, {
      action: 'shipping-method.update',
      entityType: 'ShippingMethod',
      entityId: input.id,
      before,
      after: { ...method, rates: checked.rates ?? undefined },
    });
    return { shippingMethod: method ?? null, userErrors: [] };
  });
  if (result.shippingMethod) await invalidateShipping(ctx);
  return result;
}

export async function deleteShippingMethod(ctx: RequestContext, input: { id: string }) {
  const problems = new Problems();
  if (!parseId('shm', input.id)) {
    problems.add(['id'], CommerceError.NOT_FOUND, 'Shipping method not found');
    return { deletedId: null, userErrors: problems.list };
  }
  const result = await mutate<{ deletedId: string | null; userErrors: UserError[] }>(
    ctx,
    { deletedId: null },
    async (tx) => {
      const [before] = await tx.delete(shippingMethods).where(eq(shippingMethods.id, input.id)).returning();
      if (!before) refuse(['id'], CommerceError.NOT_FOUND, 'Shipping method not found');
      await recordAudit(tx, ctx, {
        action: 'shipping-method.delete',
        entityType: 'ShippingMethod',
        entityId: input.id,
        before,
      });
      return { deletedId: input.id, userErrors: [] };
    },
  );
  if (result.deletedId) await invalidateShipping(ctx);
  return result;
}

async function methodRow(tx: TenantTx, id: string) {
  const [row] = await tx.select().from(shippingMethods).where(eq(shippingMethods.id, id));
  return row ?? null;
}
