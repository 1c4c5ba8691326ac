import { type Resolvers, type Tenant, toConnection } from '@meridian/kit';
import {
  type CreateTenantInput,
  createTenant,
  currentTenantProfile,
  findTenant,
  listTenants,
  setTenantStatus,
} from '../model/tenant.ts';
import type { IdentityServicesProvider } from '../services.ts';

const toGraphStatus = (status: Tenant['status']) => status.toUpperCase();
const fromGraphStatus = (status: string | null | undefined) =>
  status ? (status.toLowerCase() as Tenant['status']) : null;

export function tenantResolvers(services: IdentityServicesProvider): Resolvers {
  return {
    Query: {
      currentTenant: (_parent, _args, ctx) => currentTenantProfile(ctx),
      tenants: async (_parent, args: { first?: number; after?: string; status?: string }, ctx) => {
        const page = await listTenants(ctx, { ...args, status: fromGraphStatus(args.status) });
        return toConnection(page.tenants, { hasNextPage: page.hasNextPage, cursorOf: (t) => t.id });
      },
      tenant: (_parent, args: { id: string }, ctx) => findTenant(ctx, args.id),
    },
    Mutation: {
      createTenant: (_parent, args: { input: CreateTenantInput }, ctx) => createTenant(ctx, services, args.input),
      suspendTenant: (_parent, args: { input: { id: string } }, ctx) =>
        setTenantStatus(ctx, services, args.input.id, 'suspended'),
      resumeTenant: (_parent, args: { input: { id: string } }, ctx) =>
        setTenantStatus(ctx, services, args.input.id, 'active'),
    },
    Tenant: {
      __resolveReference: (reference: { id: string }, ctx) => findTenant(ctx, reference.id),
      status: (tenant: Tenant) => toGraphStatus(tenant.status),
      schemaVersion: (tenant: Tenant) =>
        Object.entries(tenant.schemaVersion).map(([module, migration]) => ({ module, migration })),
    },
  };
}
