import {
  MeridianError,
  pageSize,
  type RequestContext,
  slugPattern,
  type Tenant,
  type TenantStatus,
  type UserError,
  userError,
  withTenant,
} from '@meridian/kit';
import { and, eq } from 'drizzle-orm';
import { roles, users } from '../db/schema.ts';
import type { IdentityServices, IdentityServicesProvider } from '../services.ts';
import { audit } from './audit.ts';
import { createInvitedUser, sendInvitation } from './invitation.ts';
import { storefrontSettings } from './storefront-settings.ts';
import { checkEmail, checkName, normaliseEmail } from './validation.ts';

export interface CreateTenantInput {
  slug: string;
  name: string;
  hosts?: string[] | null;
  /** The first user: invited by email with the owner role. */
  owner?: { email: string; name?: string | null } | null;
}

const hostPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export function validateCreateTenant(input: CreateTenantInput): UserError[] {
  const errors: UserError[] = [];
  if (!slugPattern.test(input.slug)) {
    errors.push(userError(['input', 'slug'], 'INVALID', 'Use 1-40 lowercase letters, digits or dashes'));
  }
  if (!input.name.trim() || input.name.length > 200) {
    errors.push(userError(['input', 'name'], 'INVALID', 'Name must be 1-200 characters'));
  }
  if (input.owner) {
    errors.push(...checkEmail(input.owner.email, ['input', 'owner', 'email']));
    errors.push(...checkName(input.owner.name ?? '', ['input', 'owner', 'name']));
  }
  for (const [index, host] of (input.hosts ?? []).entries()) {
    if (!hostPattern.test(host.toLowerCase())) {
      errors.push(userError(['input', 'hosts', String(index)], 'INVALID', `Not a host name: ${host}`));
    }
  }
  return errors;
}

export async function createTenant(
  ctx: RequestContext,
  services: IdentityServicesProvider,
  input: CreateTenantInput,
): Promise<{ tenant: Tenant | null; ownerId: string | null; userErrors: UserError[] }> {
  const userErrors = validateCreateTenant(input);
  if (userErrors.length > 0) return { tenant: null, ownerId: null, userErrors };
  const hosts = input.hosts?.length ? input.hosts : [`${input.slug}.localhost`];
  // Resolved before provisioning: a tenant without its owner is worth refusing up front.
  const deps = input.owner ? await services() : null;
  let tenant: Tenant;
  try {
    tenant = await ctx.tenants.create(
      { slug: input.slug, name: input.name, hosts },
      { onProgress: (slug, step) => ctx.log.info({ slug, step }, 'provisioning tenant') },
    );
  } catch (error) {
    if (error instanceof MeridianError && error.code === 'CONFLICT') {
      return { tenant: null, ownerId: null, userErrors: [userError(['input', 'hosts'], 'TAKEN', error.message)] };
    }
    throw error;
  }
  await auditInTenant(ctx, services, tenant, 'tenant.create');
  if (!input.owner || !deps) return { tenant, ownerId: null, userErrors: [] };
  const owner = await inviteOwner(ctx, deps, tenant, input.owner);
  return { tenant, ownerId: owner.ownerId, userErrors: owner.userErrors };
}

/**
 * The tenant's first user, invited with the owner role, in the new tenant's schema. Creating a tenant
 * is idempotent by slug, so is this: an owner already invited under that email is left as it is.
 */
async function inviteOwner(
  ctx: RequestContext,
  services: IdentityServices,
  tenant: Tenant,
  owner: { email: string; name?: string | null },
): Promise<{ ownerId: string | null; userErrors: UserError[] }> {
  const bound = { ...ctx, tenant };
  const email = normaliseEmail(owner.email);
  const invitation = await withTenant(services.database, tenant, async (tx) => {
    const [ownerRole] = await tx
      .select()
      .from(roles)
      .where(and(eq(roles.key, 'owner'), eq(roles.builtIn, true)));
    if (!ownerRole) throw new Error(`tenant ${tenant.slug} has no owner role`);
    const created = await createInvitedUser(tx, bound, {
      email,
      name: owner.name?.trim() ?? '',
      locale: 'en',
      roles: [ownerRole],
    });
    if (created) return created;
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    return existing?.id ?? null;
  });
  if (typeof invitation === 'string' || invitation === null) return { ownerId: invitation, userErrors: [] };
  return { ownerId: invitation.user.id, userErrors: await sendInvitation(bound, services, tenant, invitation) };
}

export async function setTenantStatus(
  ctx: RequestContext,
  services: IdentityServicesProvider,
  id: string,
  status: 'active' | 'suspended',
): Promise<{ tenant: Tenant | null; userErrors: UserError[] }> {
  const tenant = await ctx.tenants.setStatus(id, status);
  if (!tenant) return { tenant: null, userErrors: [userError(['input', 'id'], 'NOT_FOUND', 'Tenant not found')] };
  if (tenant.status === 'provisioning') {
    return { tenant, userErrors: [userError(['input', 'id'], 'INVALID_STATE', 'Tenant is still provisioning')] };
  }
  await auditInTenant(ctx, services, tenant, status === 'suspended' ? 'tenant.suspend' : 'tenant.resume');
  return { tenant, userErrors: [] };
}

/**
 * Operator actions land in the tenant's own trail. The control plane changes outside that
 * transaction, so this follows it; when identity runs without its services it is logged instead.
 */
async function auditInTenant(ctx: RequestContext, services: IdentityServicesProvider, tenant: Tenant, action: string) {
  let deps: IdentityServices;
  try {
    deps = await services();
  } catch (error) {
    ctx.log.warn({ err: error, tenantId: tenant.id, action }, 'operator action not audited: identity services missing');
    return;
  }
  await withTenant(deps.database, tenant, (tx) =>
    audit(tx, { ...ctx, tenant }, action, { type: 'Tenant', id: tenant.id }, { after: { status: tenant.status } }),
  );
}

export async function listTenants(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; status?: TenantStatus | null },
) {
  return ctx.tenants.list({
    first: pageSize(args.first),
    ...(args.after ? { after: args.after } : {}),
    ...(args.status ? { status: args.status } : {}),
  });
}

export async function findTenant(ctx: RequestContext, id: string): Promise<Tenant | null> {
  return ctx.tenants.byId(id);
}

/** The tenant bound to this request, as anyone may see it. */
export function currentTenantProfile(ctx: RequestContext) {
  if (!ctx.tenant) return null;
  const { id, slug, name } = ctx.tenant;
  return { id, slug, name, storefront: storefrontSettings(ctx.tenant) };
}
