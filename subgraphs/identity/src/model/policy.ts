import type { RequestContext, TenantTx, UserError } from '@meridian/kit';
import { eq, sql } from 'drizzle-orm';
import { securityPolicy } from '../db/schema.ts';
import { audit } from './audit.ts';
import { tenantDb } from './support.ts';

export type SecurityPolicy = typeof securityPolicy.$inferSelect;

const policyKey = 'tenant';

/** The tenant's policy; seeded with the tenant, and defaults if the row is somehow missing. */
export async function readPolicy(tx: TenantTx): Promise<SecurityPolicy> {
  const [row] = await tx.select().from(securityPolicy).where(eq(securityPolicy.key, policyKey));
  return row ?? { key: policyKey, requireMfaForStaff: false, allowCustomerSignUp: true, updatedAt: new Date(0) };
}

export async function seedPolicy(tx: TenantTx): Promise<void> {
  await tx.insert(securityPolicy).values({ key: policyKey }).onConflictDoNothing();
}

export function getSecurityPolicy(ctx: RequestContext): Promise<SecurityPolicy> {
  return tenantDb(ctx).transaction(readPolicy);
}

export async function updateSecurityPolicy(
  ctx: RequestContext,
  input: { requireMfaForStaff?: boolean | null; allowCustomerSignUp?: boolean | null },
): Promise<{ securityPolicy: SecurityPolicy; userErrors: UserError[] }> {
  return tenantDb(ctx).transaction(async (tx) => {
    await seedPolicy(tx);
    const before = await readPolicy(tx);
    const [after] = await tx
      .update(securityPolicy)
      .set({
        ...(typeof input.requireMfaForStaff === 'boolean' ? { requireMfaForStaff: input.requireMfaForStaff } : {}),
        ...(typeof input.allowCustomerSignUp === 'boolean' ? { allowCustomerSignUp: input.allowCustomerSignUp } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(securityPolicy.key, policyKey))
      .returning();
    const { updatedAt: _b, key: _k, ...was } = before;
    const policy = after ?? before;
    const { updatedAt: _a, key: _k2, ...now } = policy;
    await audit(tx, ctx, 'security_policy.update', { type: 'SecurityPolicy', id: null }, { before: was, after: now });
    return { securityPolicy: policy, userErrors: [] };
  });
}
