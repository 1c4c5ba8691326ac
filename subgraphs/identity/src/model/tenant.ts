import {
  MeridianError,
  pageSize,
  type RequestContext,
  slugPattern,
  type Tenant,
  type TenantStatus,
  type UserError,
  userError,
} from '@meridian/kit';

export interface CreateTenantInput {
  slug: string;
  name: string;
  hosts?: string[] | null;
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
  for (const [index, host] of (input.hosts ?? []).entries()) {
    if (!hostPattern.test(host.toLowerCase())) {
      errors.push(userError(['input', 'hosts', String(index)], 'INVALID', `Not a host name: ${host}`));
    }
  }
  return errors;
}

export async function createTenant(
  ctx: RequestContext,
  input: CreateTenantInput,
): Promise<{ tenant: Tenant | null; userErrors: UserError[] }> {
  const userErrors = validateCreateTenant(input);
  if (userErrors.length > 0) return { tenant: null, userErrors };
  const hosts = input.hosts?.length ? input.hosts : [`${input.slug}.localhost`];
  try {
    const tenant = await ctx.tenants.create(
      { slug: input.slug, name: input.name, hosts },
      { onProgress: (slug, step) => ctx.log.info({ slug, step }, 'provisioning tenant') },
    );
    return { tenant, userErrors: [] };
  } catch (error) {
    if (error instanceof MeridianError && error.code === 'CONFLICT') {
      return { tenant: null, userErrors: [userError(['input', 'hosts'], 'TAKEN', error.message)] };
    }
    throw error;
  }
}

export async function setTenantStatus(
  ctx: RequestContext,
  id: string,
  status: 'active' | 'suspended',
): Promise<{ tenant: Tenant | null; userErrors: UserError[] }> {
  const tenant = await ctx.tenants.setStatus(id, status);
  if (!tenant) return { tenant: null, userErrors: [userError(['input', 'id'], 'NOT_FOUND', 'Tenant not found')] };
  if (tenant.status === 'provisioning') {
    return { tenant, userErrors: [userError(['input', 'id'], 'INVALID_STATE', 'Tenant is still provisioning')] };
  }
  return { tenant, userErrors: [] };
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
  return { id, slug, name };
}
