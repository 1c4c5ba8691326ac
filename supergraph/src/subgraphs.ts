import { createIdentitySubgraph } from '@meridian/identity';
import type { Subgraph, TenantModule } from '@meridian/kit';

/** Every subgraph of the suite, in start order. Adding a domain means adding it here. */
export function createAllSubgraphs(): Subgraph[] {
  return [createIdentitySubgraph()];
}

export function tenantModulesOf(subgraphs: Subgraph[]): TenantModule[] {
  return subgraphs.map((s) => s.tenantModule).filter((m): m is TenantModule => m !== null);
}

/** Where the composed supergraph expects each subgraph; the gateway maps these to real URLs at run time. */
export const placeholderUrl = (name: string) => `http://${name}.subgraphs.meridian.internal/graphql`;
