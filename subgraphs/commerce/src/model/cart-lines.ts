import { Problems, type RequestContext, reject, userError } from '@meridian/kit';
import { CommerceError } from '../commerce.errors.ts';
import { changeCart, checkLineInputs, type LineInput, maxLines, mergeLines } from './cart.ts';
import { checkId, checkIdempotencyKey, checkQuantity } from './validate.ts';

/** Line changes of a cart: add (quantities add up per variant), change quantities, remove. */

export function addCartLines(
  ctx: RequestContext,
  input: { cartId: string; lines: LineInput[]; idempotencyKey?: string | null },
) {
  const problems = new Problems();
  if (input.lines.length === 0) problems.add(['lines'], CommerceError.REQUIRED, 'Add at least one line');
  checkLineInputs(problems, input.lines);
  const key = checkIdempotencyKey(problems, ['idempotencyKey'], input.idempotencyKey);
  if (!problems.ok) return Promise.resolve({ cart: null, userErrors: problems.list });
  return changeCart(
    ctx,
    input.cartId,
    (cart) => {
      const lines = mergeLines(cart.lines, input.lines);
      if (lines.length > maxLines)
        reject([userError(['input', 'lines'], CommerceError.TOO_MANY, `A cart holds at most ${maxLines} lines`)]);
      const tooMany = lines.findIndex((l) => l.quantity > 10_000);
      if (tooMany >= 0)
        reject([userError(['input', 'lines'], CommerceError.INVALID_QUANTITY, 'At most 10000 units of a variant')]);
      return {
        fields: {},
        lines,
        checks: {
          raised: input.lines.map((l) => l.variantId),
          lineField: (i) => {
            const at = input.lines.findIndex((l) => l.variantId === lines[i]?.variantId);
            return at >= 0 ? ['input', 'lines', String(at), 'variantId'] : null;
          },
        },
      };
    },
    key,
  );
}

export function updateCartLines(
  ctx: RequestContext,
  input: { cartId: string; lines: { id: string; quantity: number }[] },
) {
  const problems = new Problems();
  if (input.lines.length === 0) problems.add(['lines'], CommerceError.REQUIRED, 'Name at least one line');
  input.lines.forEach((line, i) => {
    checkId(problems, ['lines', i, 'id'], 'cli', line.id, 'Cart line');
    checkQuantity(problems, ['lines', i, 'quantity'], line.quantity);
  });
  if (!problems.ok) return Promise.resolve({ cart: null, userErrors: problems.list });
  return changeCart(ctx, input.cartId, (cart) => {
    const lines = cart.lines.map((l) => ({ id: l.id, variantId: l.variantId, quantity: l.quantity }));
    const missing = new Problems();
    const raised: string[] = [];
    input.lines.forEach((change, i) => {
      const line = lines.find((l) => l.id === change.id);
      if (line && change.quantity > line.quantity) raised.push(line.variantId);
      if (line) line.quantity = change.quantity;
      else missing.add(['lines', i, 'id'], CommerceError.NOT_FOUND, 'Cart line not found');
    });
    if (!missing.ok) reject(missing);
    const lineField = (index: number) => {
      const at = input.lines.findIndex((c) => c.id === lines[index]?.id);
      return at >= 0 ? ['input', 'lines', String(at), 'quantity'] : null;
    };
    return { fields: {}, lines, checks: { raised, lineField } };
  });
}

export function removeCartLines(ctx: RequestContext, input: { cartId: string; lineIds: string[] }) {
  const problems = new Problems();
  if (input.lineIds.length === 0) problems.add(['lineIds'], CommerceError.REQUIRED, 'Name at least one line');
  input.lineIds.forEach((id, i) => {
    checkId(problems, ['lineIds', i], 'cli', id, 'Cart line');
  });
  if (!problems.ok) return Promise.resolve({ cart: null, userErrors: problems.list });
  return changeCart(ctx, input.cartId, (cart) => {
    const missing = new Problems();
    input.lineIds.forEach((id, i) => {
      if (!cart.lines.some((l) => l.id === id))
        missing.add(['lineIds', i], CommerceError.NOT_FOUND, 'Cart line not found');
    });
    if (!missing.ok) reject(missing);
    const lines = cart.lines
      .filter((l) => !input.lineIds.includes(l.id))
      .map((l) => ({ id: l.id, variantId: l.variantId, quantity: l.quantity }));
    return { fields: {}, lines, checks: {} };
  });
}
