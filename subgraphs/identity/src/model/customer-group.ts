import { notFound, type RequestContext, type UserError, userError } from '@meridian/kit';
import { eq, sql } from 'drizzle-orm';
import { users } from '../db/schema.ts';
import { audit, userSnapshot } from './audit.ts';
import { tenantDb } from './support.ts';
import type { UserRow } from './user.ts';

/** The names catalog price lists use for groups: short, lower-case, URL-safe. */
const groupPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

export interface SetCustomerGroupInput {
  userId: string;
  customerGroup?: string | null;
}

/**
 * Puts a customer in a price group (null: back to public prices). The access token carries the group, so
 * the customer's prices change at their next token refresh; no session is ended.
 */
export async function setCustomerGroup(
  ctx: RequestContext,
  input: SetCustomerGroupInput,
): Promise<{ user: UserRow | null; userErrors: UserError[] }> {
  const group = input.customerGroup ?? null;
  if (group !== null && !groupPattern.test(group)) {
    const message = 'A customer group is 1 to 40 lower-case letters, digits or hyphens, e.g. wholesale';
    return { user: null, userErrors: [userError(['input', 'customerGroup'], 'INVALID', message)] };
  }
  return tenantDb(ctx).transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
    if (!before) throw notFound('User');
    // Staff see group prices by previewing (the `customerGroup` argument), never through their account.
    if (before.kind !== 'customer') {
      return {
        user: null,
        userErrors: [userError(['input', 'userId'], 'NOT_A_CUSTOMER', 'Only customers have a customer group')],
      };
    }
    if (before.customerGroup === group) return { user: before, userErrors: [] };
    const [user] = await tx
      .update(users)
      .set({ customerGroup: group, updatedAt: sql`now()` })
      .where(eq(users.id, before.id))
      .returning();
    if (!user) throw notFound('User');
    await audit(
      tx,
      ctx,
      'user.set_customer_group',
      { type: 'User', id: user.id },
      { before: userSnapshot(before), after: userSnapshot(user) },
    );
    return { user, userErrors: [] };
  });
}
