import { publishEvent, type RequestContext, type UserError } from '@meridian/kit';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { CatalogError } from '../catalog.errors.ts';
import { discountRedemptions, discounts } from '../db/schema.ts';
import { discountChanged } from '../events.ts';
import { auditedTransaction, replayed } from './audit.ts';
import { invalidateTags, pricingTag } from './cache-tags.ts';
import { findDiscount } from './discount.ts';
import { discountUnavailability } from './price-for.ts';
import { toDiscountCandidate } from './pricing-data.ts';
import { checkText, Problems, Rejected, withUserErrors } from './validate.ts';

/**
 * Records one use of a discount code (commerce calls it when an order using the code is placed). The
 * usage count only moves while it is below the limit, checked by the UPDATE itself, so 200 concurrent
 * redemptions of a code limited to 10 give exactly 10 successes. The same idempotency key counts once.
 */
export async function redeemDiscount(
  ctx: RequestContext,
  input: { code: string; idempotencyKey: string; reference?: string | null },
) {
  const problems = new Problems();
  const code = checkText(problems, ['code'], input.code, { required: true, max: 40 });
  checkText(problems, ['idempotencyKey'], input.idempotencyKey, { required: true, max: 200 });
  if (!problems.ok || !code) return { discount: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'discount.redeem', entityType: 'Discount' }, async (tx) => {
      const [discount] = await tx.select().from(discounts).where(sql`upper(${discounts.code}) = upper(${code})`);
      if (!discount) {
        problems.add(['code'], CatalogError.NOT_FOUND, 'No such discount code');
        throw new Rejected(problems);
      }
      const redeemed = await tx
        .insert(discountRedemptions)
        .values({ discountId: discount.id, idempotencyKey: input.idempotencyKey, reference: input.reference ?? null })
        .onConflictDoNothing()
        .returning({ key: discountRedemptions.idempotencyKey });
      if (redeemed.length === 0) return replayed(discount.id); // a retry: counted already
      const candidate = toDiscountCandidate({ ...discount, productIds: [], categoryIds: [] });
      const reason = discountUnavailability(
        { ...candidate, usageLimit: null },
        new Date(),
        discount.customerGroup,
        discount.currency ?? '',
      );
      if (reason === 'DISCOUNT_NOT_ACTIVE') {
        problems.add(['code'], reason, 'This code is not valid now');
        throw new Rejected(problems);
      }
      const counted = await tx
        .update(discounts)
        .set({ usageCount: sql`${discounts.usageCount} + 1` })
        .where(
          and(
            eq(discounts.id, discount.id),
            or(isNull(discounts.usageLimit), lt(discounts.usageCount, discounts.usageLimit)),
          ),
        )
        .returning({ usageCount: discounts.usageCount });
      if (counted.length === 0) {
        problems.add(['code'], CatalogError.DISCOUNT_USED_UP, 'This code has been used up');
        throw new Rejected(problems);
      }
      await publishEvent(
        tx,
        discountChanged.create({ discountId: discount.id, change: 'redeemed' }, { key: discount.id }),
      );
      return {
        result: discount.id,
        audit: {
          entityId: discount.id,
          // From the UPDATE's own result: the row read above may be behind concurrent redemptions.
          before: { usageCount: (counted[0]?.usageCount ?? 1) - 1 },
          after: {
            usageCount: counted[0]?.usageCount,
            idempotencyKey: input.idempotencyKey,
            reference: input.reference ?? null,
          },
        },
      };
    }),
  );
  if ('problems' in result) return { discount: null, userErrors: result.problems.list };
  await invalidateTags(ctx, [pricingTag]);
  return { discount: await findDiscount(ctx, result.ok), userErrors: [] as UserError[] };
}
