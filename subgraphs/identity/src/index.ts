import { fileURLToPath } from 'node:url';
import { createSubgraph, loadMigrations, loadTypeDefs, mergeResolvers, type Resolvers } from '@meridian/kit';
import { identityPermissions } from './permissions.ts';
import { addressResolvers } from './resolvers/address.resolvers.ts';
import { apiClientResolvers } from './resolvers/api-client.resolvers.ts';
import { auditResolvers } from './resolvers/audit.resolvers.ts';
import { scalarResolvers } from './resolvers/merge.ts';
import { mfaResolvers } from './resolvers/mfa.resolvers.ts';
import { roleResolvers } from './resolvers/role.resolvers.ts';
import { sessionResolvers } from './resolvers/session.resolvers.ts';
import { storefrontResolvers } from './resolvers/storefront.resolvers.ts';
import { tenantResolvers } from './resolvers/tenant.resolvers.ts';
import { userResolvers } from './resolvers/user.resolvers.ts';
import { seedIdentityDefaults } from './seed/default-roles.seed.ts';
import { seedDemoUsers } from './seed/demo-users.seed.ts';
import {
  closeIdentityServices,
  type IdentityServicesProvider,
  memoiseProvider,
  unconfiguredServices,
} from './services.ts';

export * from './events.ts';
export { demoPassword, demoUsers } from './seed/demo-users.seed.ts';
export { createIdentityServices, type IdentityServices, type IdentityServicesProvider } from './services.ts';

export const identityTypeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));

/**
 * Identity: tenants (control plane), users, roles, sessions, MFA, API clients and the audit trail.
 * `services` gives it the platform pool and the kit's security primitives (see services.ts); without
 * them the control-plane fields work and everything that signs, seals or mails fails loudly.
 */
export function createIdentitySubgraph(options: { services?: IdentityServicesProvider } = {}) {
  let made: Promise<import('./services.ts').IdentityServices> | undefined;
  const memoised = memoiseProvider(options.services ?? unconfiguredServices);
  const services: IdentityServicesProvider = () => {
    made = memoised();
    return made;
  };
  return createSubgraph({
    name: 'identity',
    typeDefs: identityTypeDefs,
    resolvers: mergeResolvers(
      scalarResolvers,
      tenantResolvers(services),
      storefrontResolvers,
      addressResolvers,
      userResolvers(services),
      roleResolvers,
      sessionResolvers(services),
      mfaResolvers(services),
      apiClientResolvers(services),
      auditResolvers,
    ) as Resolvers,
    permissions: identityPermissions,
    migrations: loadMigrations('identity', fileURLToPath(new URL('./db/migrations', import.meta.url))),
    seedDefaults: (tx) => seedIdentityDefaults(tx),
    seedDemo: (tx) => seedDemoUsers(tx),
    onClose: async () => {
      const resolved = await made?.catch(() => undefined);
      if (resolved) await closeIdentityServices(resolved);
    },
  });
}
