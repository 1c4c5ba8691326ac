import { createSubgraph, loadTypeDefs } from '@meridian/kit';
import { identityPermissions } from './permissions.ts';
import { tenantResolvers } from './resolvers/tenant.resolvers.ts';

export const identityTypeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));

/** Identity: the control plane in the graph (tenants); users, roles and sessions join it next. */
export function createIdentitySubgraph() {
  return createSubgraph({
    name: 'identity',
    typeDefs: identityTypeDefs,
    resolvers: tenantResolvers,
    permissions: identityPermissions,
  });
}
