import type { MigrationSet } from '../migrations/load.ts';
import type { Tenant } from './tenant.ts';
import type { TenantTx } from './with-tenant.ts';

/** What a subgraph contributes to every tenant schema. */
export interface TenantModule {
  name: string;
  migrations: MigrationSet;
  /** Default data for a new tenant (roles, chart of accounts, ...). Runs once per tenant, bound to it. */
  seedDefaults?: (tx: TenantTx, tenant: Tenant) => Promise<void>;
  /** Tables the tenant role may only insert into and read (audit trails). */
  appendOnlyTables?: string[];
}
