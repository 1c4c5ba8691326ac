import { type RequestContext, type Tenant, withTenant } from '@meridian/kit';
import { eq, isNotNull, or } from 'drizzle-orm';
import { users } from '../db/schema.ts';
import type { IdentityServices } from '../services.ts';
import { audit } from './audit.ts';

/** Re-seals one tenant's MFA secrets under the active key; returns how many were re-sealed. */
async function resealTenant(ctx: RequestContext, services: IdentityServices, tenant: Tenant): Promise<number> {
  const box = services.secretBox;
  return withTenant(services.database, tenant, async (tx) => {
    const sealed = await tx
      .select({ id: users.id, secret: users.mfaSecret, pending: users.mfaPendingSecret })
      .from(users)
      .where(or(isNotNull(users.mfaSecret), isNotNull(users.mfaPendingSecret)))
      .for('update');
    let resealed = 0;
    for (const row of sealed) {
      const secret = row.secret && box.needsRotation(row.secret) ? box.seal(box.open(row.secret)) : row.secret;
      const pending = row.pending && box.needsRotation(row.pending) ? box.seal(box.open(row.pending)) : row.pending;
      if (secret === row.secret && pending === row.pending) continue;
      await tx.update(users).set({ mfaSecret: secret, mfaPendingSecret: pending }).where(eq(users.id, row.id));
      resealed++;
    }
    if (resealed > 0) {
      await audit(
        tx,
        ctx,
        'mfa.reencrypt_secrets',
        { type: 'Tenant', id: tenant.id },
        {
          after: { resealed, keyId: box.activeKeyId },
        },
      );
    }
    return resealed;
  });
}

/**
 * Platform operators, after adding a new key to SECRET_KEYS and making it active: re-seals every MFA
 * secret still sealed under an older key, tenant by tenant (each in its own transaction, so a rerun
 * resumes). The old key can be removed once this reports nothing left.
 */
export async function reencryptMfaSecrets(
  ctx: RequestContext,
  services: IdentityServices,
  input: { tenantIds?: string[] | null },
): Promise<{ tenants: number; resealed: number; activeKeyId: string; userErrors: never[] }> {
  const targets: Tenant[] = [];
  if (input.tenantIds?.length) {
    for (const id of input.tenantIds) {
      const tenant = await ctx.tenants.byId(id);
      if (tenant && tenant.status !== 'provisioning') targets.push(tenant);
    }
  } else {
    let after: string | undefined;
    for (;;) {
      const page = await ctx.tenants.list({ first: 200, ...(after ? { after } : {}) });
      targets.push(...page.tenants.filter((t) => t.status !== 'provisioning'));
      if (!page.hasNextPage) break;
      after = page.tenants.at(-1)?.id;
    }
  }
  let resealed = 0;
  for (const tenant of targets) resealed += await resealTenant(ctx, services, tenant);
  return { tenants: targets.length, resealed, activeKeyId: services.secretBox.activeKeyId, userErrors: [] };
}
