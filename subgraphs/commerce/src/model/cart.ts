import {
  idempotencyKeyUsed,
  newId,
  Problems,
  previousResult,
  Rejection,
  type RequestContext,
  read,
  recordAudit,
  recordIdempotentResult,
  reject,
  tenantDb,
  type UserError,
  userError,
} from '@meridian/kit';
import { CommerceError } from '../commerce.errors.ts';
import { carts } from '../db/schema.ts';
import type { Address } from '../db/types.ts';
import { shopperIdOf } from './actor.ts';
import { type AddressInput, checkAddress } from './address.ts';
import { type CartPrice, type CartState, priceCart } from './cart-pricing.ts';
import { type CartFields, type LoadedCart, loadOpenCart, type NextLine, saveCart } from './cart-store.ts';
import { cartToken, newCartKey } from './cart-token.ts';
import { availableUnits } from './inventory-client.ts';
import { ServiceUnavailable } from './services.ts';
import { shipsTo } from './shipping-rate.ts';
import { shippingRules } from './shipping-zone.ts';
import { checkCurrency, checkEmail, checkId, checkQuantity, checkText } from './validate.ts';

export type CartPayload = { cart: LoadedCart | null; userErrors: UserError[] };

export const maxLines = 100;

export interface LineInput {
  variantId: string;
  quantity: number;
}

export function checkLineInputs(problems: Problems, lines: LineInput[], field = 'lines') {
  if (lines.length > maxLines) problems.add([field], CommerceError.TOO_MANY, `At most ${maxLines} lines`);
  lines.forEach((line, i) => {
    checkId(problems, [field, i, 'variantId'], 'var', line.variantId, 'Variant');
    checkQuantity(problems, [field, i, 'quantity'], line.quantity);
  });
}

/** Adds quantities into the line list (one line per variant). */
export function mergeLines(current: NextLine[], added: LineInput[]): NextLine[] {
  const next = current.map((l) => ({ ...l }));
  for (const line of added) {
    const existing = next.find((l) => l.variantId === line.variantId);
    if (existing) existing.quantity += line.quantity;
    else next.push({ id: newId('cli'), variantId: line.variantId, quantity: line.quantity });
  }
  return next;
}

/** Turns what pricing found into userErrors of THIS change (the fields the caller just sent). */
export interface ChangeChecks {
  /** Index in the new line list → input field of the line the caller sent, for lines the catalog refused. */
  lineField?: (index: number) => string[] | null;
  /** Variants whose quantity this change raised: refused beyond what inventory can sell. */
  raised?: string[];
  discountApplied?: boolean;
  shippingChosen?: boolean;
}

function changeErrors(
  price: CartPrice,
  checks: ChangeChecks,
  lines: NextLine[],
  stock: Map<string, number>,
): UserError[] {
  const errors: UserError[] = [];
  for (const variantId of checks.raised ?? []) {
    const index = lines.findIndex((l) => l.variantId === variantId);
    const wanted = lines[index]?.quantity ?? 0;
    const available = stock.get(variantId) ?? 0;
    if (wanted > available) {
      const field = checks.lineField?.(index) ?? ['input', 'lines'];
      errors.push(
        userError([...field.slice(0, -1), 'quantity'], CommerceError.OUT_OF_STOCK, `Only ${available} available`),
      );
    }
  }
  for (const u of price.unpriced) {
    const field = checks.lineField?.(u.index);
    if (field)
      errors.push(
        userError(field, u.code === 'NO_PRICE' ? CommerceError.NO_PRICE : CommerceError.NOT_FOUND, u.message),
      );
  }
  if (checks.discountApplied && price.discountProblem) {
    errors.push(userError(['input', 'discountCode'], price.discountProblem.code, price.discountProblem.message));
  }
  if (checks.shippingChosen && price.shippingUnavailable) {
    errors.push(
      userError(
        ['input', 'shippingMethodId'],
        CommerceError.SHIPPING_METHOD_UNAVAILABLE,
        'This method cannot deliver this cart to this address',
      ),
    );
  }
  for (const e of price.taxProblems) errors.push(userError(['input', 'shippingAddress', 'country'], e.code, e.message));
  return errors;
}

/**
 * One cart change: read, apply, reprice (catalog, shipping, accounting), then write only if nobody
 * changed the cart meanwhile (else start over). Refusals write nothing.
 */
export async function changeCart(
  ctx: RequestContext,
  handle: string,
  apply: (cart: LoadedCart) => { fields: CartFields; lines: NextLine[]; checks: ChangeChecks },
  /** A retried change with the same key is applied once (adding lines twice would double them). */
  idempotencyKey: string | null = null,
): Promise<CartPayload> {
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const cart = await read(ctx, (tx) => loadOpenCart(tx, ctx, handle));
      const claim = idempotencyKey ? `cart:${cart.row.id}` : null;
      if (claim && (await read(ctx, (tx) => idempotencyKeyUsed(tx, claim, idempotencyKey))))
        return { cart, userErrors: [] };
      const next = apply(cart);
      const state: CartState = {
        currency: next.fields.currency ?? cart.row.currency,
        discountCode: next.fields.discountCode === undefined ? cart.row.discountCode : next.fields.discountCode,
        shippingAddress: (next.fields.shippingAddress === undefined
          ? cart.row.shippingAddress
          : next.fields.shippingAddress) as Address | null,
        shippingMethodId:
          next.fields.shippingMethodId === undefined ? cart.row.shippingMethodId : next.fields.shippingMethodId,
        lines: next.lines,
      };
      const [price, stock] = await Promise.all([priceCart(ctx, state), availableUnits(ctx, next.checks.raised ?? [])]);
      const errors = changeErrors(price, next.checks, next.lines, stock);
      if (errors.length > 0) return { cart: null, userErrors: errors };
      if (price.shippingUnavailable) next.fields.shippingMethodId = null;
      const saved = await tenantDb(ctx).transaction(async (tx) => {
        // Claimed in the writing transaction: a concurrent twin waits on it, then finds the cart version moved.
        if (claim && (await previousResult(tx, claim, idempotencyKey)) !== null) return null;
        const written = await saveCart(tx, cart.row.id, cart.row.version, next.fields, next.lines, price);
        if (!written) return null;
        await recordIdempotentResult(tx, claim ?? '', idempotencyKey, cart.row.id);
        await recordAudit(tx, ctx, {
          action: 'cart.update',
          entityType: 'Cart',
          entityId: cart.row.id,
          after: { fields: next.fields, lines: next.lines },
        });
        return written;
      });
      // The token the caller presented goes back with the cart (never read back from storage).
      if (saved) return { cart: { ...saved, token: cart.token }, userErrors: [] };
    }
    throw new Error('cart kept changing under this update');
  } catch (error) {
    if (error instanceof Rejection) return { cart: null, userErrors: error.userErrors };
    if (error instanceof ServiceUnavailable) {
      return {
        cart: null,
        userErrors: [
          userError(null, CommerceError.SERVICE_UNAVAILABLE, 'Prices cannot be checked right now; try again'),
        ],
      };
    }
    throw error;
  }
}

export async function createCart(
  ctx: RequestContext,
  input: { currencyCode?: string | null; email?: string | null; lines?: LineInput[] | null },
): Promise<CartPayload> {
  const problems = new Problems();
  const currency = checkCurrency(problems, ['currencyCode'], ctx.tenant, input.currencyCode);
  const email = checkEmail(problems, ['email'], input.email);
  checkLineInputs(problems, input.lines ?? []);
  if (!problems.ok || !currency) return { cart: null, userErrors: problems.list };
  const lines = mergeLines([], input.lines ?? []);
  let price: CartPrice;
  let stock: Map<string, number>;
  try {
    [price, stock] = await Promise.all([
      priceCart(ctx, { currency, discountCode: null, shippingAddress: null, shippingMethodId: null, lines }),
      availableUnits(
        ctx,
        lines.map((l) => l.variantId),
      ),
    ]);
  } catch (error) {
    if (error instanceof ServiceUnavailable)
      return {
        cart: null,
        userErrors: [
          userError(null, CommerceError.SERVICE_UNAVAILABLE, 'Prices cannot be checked right now; try again'),
        ],
      };
    throw error;
  }
  const firstIndexOf = (variantId: string) => (input.lines ?? []).findIndex((l) => l.variantId === variantId);
  const lineField = (i: number) => ['input', 'lines', String(firstIndexOf(lines[i]?.variantId ?? '')), 'variantId'];
  const errors = changeErrors(price, { lineField, raised: lines.map((l) => l.variantId) }, lines, stock);
  if (errors.length > 0) return { cart: null, userErrors: errors };
  const { key: cartKey, keyHash } = newCartKey();
  const id = newId('crt');
  // No idempotency key: a retried creation leaves an empty-handed cart nobody holds, which doubles nothing.
  return tenantDb(ctx).transaction(async (tx) => {
    await tx.insert(carts).values({ id, keyHash, currency, email, customerId: shopperIdOf(ctx) });
    const written = await saveCart(tx, id, 1, {}, lines, price);
    if (!written) throw new Error('new cart changed while created');
    await recordAudit(tx, ctx, { action: 'cart.create', entityType: 'Cart', entityId: id, after: { currency, lines } });
    return { cart: { ...written, token: cartToken(id, cartKey) }, userErrors: [] };
  });
}

export interface UpdateCartInput {
  cartId: string;
  email?: string | null;
  currencyCode?: string | null;
  discountCode?: string | null;
  shippingAddress?: AddressInput | null;
  billingAddress?: AddressInput | null;
  shippingMethodId?: string | null;
}

/**
 * The checkout fields: email, currency, discount code, addresses, shipping method. An omitted field is
 * kept; null clears it. A code that does not apply, an address the shop does not ship to, or a method
 * that cannot carry the cart is refused and nothing changes.
 */
export async function updateCart(ctx: RequestContext, input: UpdateCartInput): Promise<CartPayload> {
  const problems = new Problems();
  const fields: CartFields = {};
  if (input.email !== undefined)
    fields.email = input.email === null ? null : checkEmail(problems, ['email'], input.email, true);
  if (input.currencyCode)
    fields.currency = checkCurrency(problems, ['currencyCode'], ctx.tenant, input.currencyCode) ?? undefined;
  if (input.discountCode !== undefined) {
    fields.discountCode =
      input.discountCode === null ? null : checkText(problems, ['discountCode'], input.discountCode, { max: 40 });
  }
  if (input.shippingAddress !== undefined) {
    fields.shippingAddress = input.shippingAddress
      ? checkAddress(problems, ['shippingAddress'], input.shippingAddress)
      : null;
    if (fields.shippingAddress && !shipsTo(await shippingRules(ctx), fields.shippingAddress.country)) {
      problems.add(
        ['shippingAddress', 'country'],
        CommerceError.UNSUPPORTED_COUNTRY,
        `This shop does not ship to ${fields.shippingAddress.country}`,
      );
    }
  }
  if (input.billingAddress !== undefined) {
    fields.billingAddress = input.billingAddress
      ? checkAddress(problems, ['billingAddress'], input.billingAddress)
      : null;
  }
  if (input.shippingMethodId !== undefined) {
    if (input.shippingMethodId === null) fields.shippingMethodId = null;
    else if (checkId(problems, ['shippingMethodId'], 'shm', input.shippingMethodId, 'Shipping method'))
      fields.shippingMethodId = input.shippingMethodId;
  }
  if (!problems.ok) return { cart: null, userErrors: problems.list };
  return changeCart(ctx, input.cartId, (cart) => {
    const checks: ChangeChecks = {
      discountApplied: Boolean(fields.discountCode),
      shippingChosen: Boolean(fields.shippingMethodId),
    };
    if (fields.shippingMethodId && !(fields.shippingAddress ?? cart.row.shippingAddress)) {
      reject([
        userError(
          ['input', 'shippingMethodId'],
          CommerceError.SHIPPING_METHOD_UNAVAILABLE,
          'Give a shipping address first',
        ),
      ]);
    }
    return {
      fields,
      lines: cart.lines.map((l) => ({ id: l.id, variantId: l.variantId, quantity: l.quantity })),
      checks,
    };
  });
}
