import { createAccountingSubgraph } from '@meridian/accounting';
import { createCatalogSubgraph } from '@meridian/catalog';
import { createCommerceSubgraph } from '@meridian/commerce';
import { createIdentityServices, createIdentitySubgraph } from '@meridian/identity';
import { createInventorySubgraph } from '@meridian/inventory';
import type { Database, Env, SigningKeyStore, Subgraph, TenantModule } from '@meridian/kit';

/** What the suite shares with the subgraphs it builds (identity signs with the gateway's key store). */
export interface SubgraphDeps {
  database: Database;
  env: Env;
  signingKeys: SigningKeyStore;
}

/**
 * Every subgraph of the suite, in start order. Adding a domain means adding it here. Without `deps`
 * (composition, tooling) services that need the platform are left unconfigured.
 */
export function createAllSubgraphs(deps?: SubgraphDeps): Subgraph[] {
  const identity = createIdentitySubgraph(
    deps
      ? {
          services: () =>
            createIdentityServices({ database: deps.database, env: deps.env, signingKeys: deps.signingKeys }),
        }
      : {},
  );
  return [
    identity,
    createCatalogSubgraph(),
    createInventorySubgraph(),
    createAccountingSubgraph(),
    createCommerceSubgraph(),
  ];
}

export function tenantModulesOf(subgraphs: Subgraph[]): TenantModule[] {
  return subgraphs.map((s) => s.tenantModule).filter((m): m is TenantModule => m !== null);
}

/** Where the composed supergraph expects each subgraph; the gateway maps these to real URLs at run time. */
export const placeholderUrl = (name: string) => `http://${name}.subgraphs.meridian.internal/graphql`;
