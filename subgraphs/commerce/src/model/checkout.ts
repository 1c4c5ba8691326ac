import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  newId,
  Problems,
  parseDecimal,
  Rejection,
  type RequestContext,
  read,
  tenantDb,
  type UserError,
  uniqueViolation,
  userError,
} from '@meridian/kit';
import { eq } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { orders, payments } from '../db/schema.ts';
import type { OrderDraft } from '../db/types.ts';
import type { PaymentMethodInput, PaymentProviders } from '../payments/provider.ts';
import { shopperIdOf } from './actor.ts';
import { type CartPrice, discountShares, priceCart, type TaxRequest, taxRequestOf } from './cart-pricing.ts';
import { type LoadedCart, loadCart, loadOpenCart } from './cart-store.ts';
import { releaseReservation, reserveStock } from './inventory-client.ts';
import { nextOrderNumber } from './order-create.ts';
import {
  chargeRequestOf,
  markVisible,
  providerFor,
  reservationSeconds,
  settleAttempt,
  waitForAttempt,
} from './payment-attempt.ts';
import { type AttemptResult, attemptAnswer, type PaymentRow } from './payment-outcome.ts';
import { reconcilePayment, scheduleReconcile } from './reconcile.ts';
import { ServiceUnavailable } from './services.ts';
import { checkIdempotencyKey } from './validate.ts';

export interface PlaceOrderInput {
  cartId: string;
  idempotencyKey: string;
  payment: PaymentMethodInput & { provider: 'test' | 'stripe' };
  /** What the shopper was shown; a different server total refuses the order (PRICE_CHANGED). */
  expectedTotal?: string | null;
}

export type PlaceOrderResult = { order: AttemptResult['order']; payment: PaymentRow | null; userErrors: UserError[] };

const refused = (...userErrors: UserError[]): PlaceOrderResult => ({ order: null, payment: null, userErrors });
const cartField = ['input', 'cartId'];

/** The reservation key of one checkout attempt: a retry (or double click) reserves nothing more. */
function reservationKey(cartId: string, idempotencyKey: string): string {
  return `checkout:${createHash('sha256').update(`${cartId}\n${idempotencyKey}`).digest('hex')}`;
}

function checkCartReady(cart: LoadedCart): UserError[] {
  const errors: UserError[] = [];
  if (cart.lines.length === 0) errors.push(userError(cartField, CommerceError.CART_EMPTY, 'The cart is empty'));
  if (!cart.row.email)
    errors.push(userError(cartField, CommerceError.EMAIL_REQUIRED, 'Give an email address for the order'));
  if (!cart.row.shippingAddress)
    errors.push(userError(cartField, CommerceError.SHIPPING_ADDRESS_REQUIRED, 'Give a shipping address'));
  if (!cart.row.shippingMethodId)
    errors.push(userError(cartField, CommerceError.SHIPPING_METHOD_REQUIRED, 'Choose a shipping method'));
  return errors;
}

/** Why the repriced cart cannot be ordered as it is (each a userError; the cart keeps the new prices). */
function pricingErrors(cart: LoadedCart, price: CartPrice, expected: number | null): UserError[] {
  const errors: UserError[] = [];
  for (const u of price.unpriced)
    errors.push(userError(cartField, CommerceError.NO_PRICE, `A line can no longer be bought: ${u.message}`));
  if (price.discountProblem) {
    errors.push(
      userError(
        cartField,
        price.discountProblem.code,
        `The discount code ${cart.row.discountCode} no longer applies: ${price.discountProblem.message}`,
      ),
    );
  }
  if (price.shippingUnavailable)
    errors.push(
      userError(
        cartField,
        CommerceError.SHIPPING_METHOD_UNAVAILABLE,
        'The shipping method cannot deliver this cart any more',
      ),
    );
  for (const e of price.taxProblems) errors.push(userError(cartField, e.code, e.message));
  if (errors.length > 0) return errors;
  const shown = cart.row.pricing?.total;
  if (shown !== price.pricing.total || (expected !== null && expected !== price.pricing.total)) {
    errors.push(
      userError(
        cartField,
        CommerceError.PRICE_CHANGED,
        'Prices changed since the cart was last shown; review the cart and place the order again',
      ),
    );
  }
  return errors;
}

/** The tax request the cart's last pricing made (null when a line was never priced). */
function assumedTaxOf(cart: LoadedCart): TaxRequest | null {
  const pricing = cart.row.pricing;
  if (!pricing || cart.lines.some((l) => l.unitPrice === null || l.lineTotal === null)) return null;
  const shares = discountShares(
    cart.row.currency,
    pricing.discountTotal,
    cart.lines.map((l) => l.lineTotal ?? 0),
  );
  return taxRequestOf(
    cart.lines.map((l, i) => ({
      productId: l.productId,
      unitPrice: l.unitPrice ?? 0,
      quantity: l.quantity,
      orderDiscount: shares[i] ?? 0,
    })),
    pricing.shipping?.amount ?? null,
  );
}

function draftOf(
  ctx: RequestContext,
  cart: LoadedCart,
  price: CartPrice,
  reservation: { id: string; allocation: OrderDraft['allocation'] },
): OrderDraft {
  const p = price.pricing;
  return {
    cartId: cart.row.id,
    customerId: cart.row.customerId ?? shopperIdOf(ctx),
    email: cart.row.email as string,
    currency: cart.row.currency,
    pricesIncludeTax: p.pricesIncludeTax,
    discountCode: p.discountTotal > 0 || price.lines.some((l) => l.discountId) ? cart.row.discountCode : null,
    discountId: p.discountId,
    subtotal: p.subtotal,
    discountTotal: p.discountTotal,
    shippingTotal: p.shipping?.amount ?? 0,
    taxTotal: p.tax?.total ?? 0,
    total: p.total,
    shippingAddress: cart.row.shippingAddress as OrderDraft['shippingAddress'],
    billingAddress: cart.row.billingAddress,
    shipping: p.shipping as OrderDraft['shipping'],
    taxLines: p.tax?.lines ?? [],
    lines: price.lines.map((l) => ({
      variantId: l.variantId,
      productId: l.productId,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitListPrice: l.unitListPrice,
      unitPrice: l.unitPrice,
      lineDiscount: (l.unitListPrice - l.unitPrice) * l.quantity,
      orderDiscount: l.orderDiscount,
      netAmount: l.netAmount,
      taxAmount: l.taxAmount,
      grossAmount: l.grossAmount,
      taxes: l.taxes,
      taxClassId: l.taxClassId,
      weightGrams: l.weightGrams,
    })),
    reservationId: reservation.id,
    allocation: reservation.allocation,
  };
}

/**
 * Checkout: reprice the cart (never trusting the client), hold its stock with a key derived from the
 * checkout, record the payment attempt with the order draft, charge, then make the order. The same
 * idempotency key always gets the same answer: a retry or a double click yields one order and one
 * charge. A decline releases the stock, keeps the cart and says why.
 */
export async function placeOrder(
  ctx: RequestContext,
  providers: PaymentProviders,
  input: PlaceOrderInput,
): Promise<PlaceOrderResult> {
  const problems = new Problems();
  if (!input.idempotencyKey) problems.add(['idempotencyKey'], CommerceError.REQUIRED, 'An idempotency key is required');
  const key = checkIdempotencyKey(problems, ['idempotencyKey'], input.idempotencyKey);
  const provider = providerFor(ctx, providers, input.payment.provider, problems);
  if (provider) {
    for (const p of provider.checkMethod(input.payment)) problems.add(['payment', ...p.field], p.code, p.message);
  }
  if (!problems.ok || !key || !provider) return refused(...problems.list);

  // One transaction, both reads sent together: was this key used before, and the cart as it stands.
  const started = performance.now();
  const found = await read<{ previous?: PaymentRow; cart?: LoadedCart; refusal?: UserError[] }>(ctx, async (tx) => {
    const used = tx.select().from(payments).where(eq(payments.idempotencyKey, key)).execute();
    const open = loadOpenCart(tx, ctx, input.cartId).then(
      (cart) => ({ cart }),
      (error: unknown) => {
        if (error instanceof Rejection) return { refusal: error.userErrors };
        throw error;
      },
    );
    const [[previous], cart] = await Promise.all([used, open]);
    return previous ? { previous } : cart;
  });
  if (found.previous) return answerRetry(ctx, providers, found.previous, input.cartId);
  if (found.refusal || !found.cart) return refused(...(found.refusal ?? []));
  const cart: LoadedCart = found.cart;
  const notReady = checkCartReady(cart);
  if (notReady.length > 0) return refused(...notReady);
  let expected: number | null = null;
  if (input.expectedTotal) {
    try {
      expected = parseDecimal(input.expectedTotal, cart.row.currency, 'expectedTotal').amount;
    } catch {
      return refused(
        userError(['input', 'expectedTotal'], CommerceError.INVALID_AMOUNT, `An amount in ${cart.row.currency}`),
      );
    }
  }

  const state = {
    currency: cart.row.currency,
    discountCode: cart.row.discountCode,
    shippingAddress: cart.row.shippingAddress,
    shippingMethodId: cart.row.shippingMethodId,
    lines: cart.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
  };
  // Pricing and the stock hold are independent: run them together.
  const loaded = performance.now();
  const [priced, held] = await Promise.allSettled([
    priceCart(ctx, state, { assumedTax: assumedTaxOf(cart) }),
    reserveStock(ctx, {
      idempotencyKey: reservationKey(cart.row.id, key),
      reference: cart.row.id,
      expiresInSeconds: reservationSeconds,
      lines: state.lines,
    }),
  ]);
  const reservationId = held.status === 'fulfilled' ? held.value.reservationId : null;
  const release = async () => {
    if (reservationId)
      await releaseReservation(ctx, reservationId).catch((error) =>
        ctx.log.error({ err: error }, 'release failed; the reservation expires'),
      );
  };
  if (priced.status === 'rejected' || held.status === 'rejected') {
    await release();
    const error = priced.status === 'rejected' ? priced.reason : held.status === 'rejected' ? held.reason : null;
    if (error instanceof ServiceUnavailable)
      return refused(
        userError(null, CommerceError.SERVICE_UNAVAILABLE, 'Checkout is unavailable right now; try again'),
      );
    throw error;
  }
  const price = priced.value;
  const priceProblems = pricingErrors(cart, price, expected);
  if (!reservationId) {
    await release();
    const shortages = held.value.userErrors.map((e) => {
      const index = Number(e.field?.[2]);
      const sku = cart.lines[index]?.sku;
      const code = e.code === 'INSUFFICIENT_STOCK' ? CommerceError.OUT_OF_STOCK : e.code;
      return userError(cartField, code, sku ? `${sku}: ${e.message}` : e.message);
    });
    return refused(...shortages, ...priceProblems);
  }
  if (priceProblems.length > 0) {
    await release();
    return refused(...priceProblems);
  }

  const checked = performance.now();
  const draft = draftOf(ctx, cart, price, { id: reservationId, allocation: held.value.allocation });
  const paymentId = newId('pay');
  let orderNumber: number;
  try {
    // The order's number is taken with the attempt, in the same statement of this short transaction (its
    // row stays locked only until the commit): one transaction less per order. A declined attempt leaves a gap.
    orderNumber = await tenantDb(ctx).transaction((tx) =>
      nextOrderNumber(
        tx,
        tx.insert(payments).values({
          id: paymentId,
          cartId: cart.row.id,
          idempotencyKey: key,
          provider: provider.name,
          methodRef: provider.methodRef(input.payment),
          status: 'processing',
          amount: draft.total,
          currency: draft.currency,
          draft,
        }),
      ),
    );
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint === 'commerce_payments_idempotency_key') {
      // A double click: the other request holds this key (and the same reservation); answer as it does.
      return answerRetry(ctx, providers, await waitForAttempt(ctx, key), input.cartId);
    }
    if (constraint === 'commerce_payments_live_cart_key') {
      await release();
      return refused(userError(cartField, CommerceError.CHECKOUT_IN_PROGRESS, 'This cart is already being paid for'));
    }
    await release();
    throw error;
  }
  const recorded = performance.now();
  const charge = chargeRequestOf(ctx, paymentId, draft, input.payment);
  const result = await settleAttempt(ctx, provider, paymentId, charge, orderNumber);
  scheduleReconcile(ctx, providers);
  const ms = (from: number, to: number) => Math.round((to - from) * 10) / 10;
  ctx.log.debug(
    {
      load: ms(started, loaded),
      priceAndReserve: ms(loaded, checked),
      record: ms(checked, recorded),
      payAndOrder: ms(recorded, performance.now()),
    },
    'placeOrder timings (ms)',
  );
  return result;
}

/** A retry with a key already used: the first attempt's answer (or a refusal when the key named another cart). */
async function answerRetry(
  ctx: RequestContext,
  providers: PaymentProviders,
  payment: PaymentRow,
  handle: string,
): Promise<PlaceOrderResult> {
  // Only the cart's holder learns how its checkout went (the cart may be completed by now: read access).
  const cart = await read(ctx, (tx) => loadCart(tx, ctx, handle, { write: false }));
  if (!cart) return refused(userError(cartField, CommerceError.NOT_FOUND, 'Cart not found'));
  if (cart.row.id !== payment.cartId) {
    return refused(
      userError(
        ['input', 'idempotencyKey'],
        CommerceError.IDEMPOTENCY_KEY_REUSED,
        'This key was used for another checkout',
      ),
    );
  }
  if (payment.orderId) markVisible(ctx, payment.orderId);
  // The first request may have died after charging: past a few seconds, ask the provider instead of guessing.
  if (payment.status === 'processing' && Date.now() - payment.updatedAt.getTime() > 5000) {
    const result = await reconcilePayment(ctx, providers, payment);
    if (result.order) markVisible(ctx, result.order.id);
    return result;
  }
  const orderId = payment.orderId;
  const [order] = orderId ? await read(ctx, (tx) => tx.select().from(orders).where(eq(orders.id, orderId))) : [];
  return attemptAnswer(payment, order ?? null);
}
