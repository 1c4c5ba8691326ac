import { newUlid, uuidToUlid } from '../ids.ts';
import type { TenantStatus } from './control.schema.ts';

export type { TenantStatus };

/** What the kit needs to bind work to a tenant. */
export interface TenantBinding {
  id: string;
  schemaName: string;
  roleName: string;
}

export interface Tenant extends TenantBinding {
  slug: string;
  name: string;
  status: TenantStatus;
  cluster: string;
  schemaVersion: Record<string, string>;
  settings: Record<string, unknown>;
  hosts: string[];
  lastError: string | null;
  createdAt: Date;
}

/** Schema and role names derive from the tenant's ULID: unique across every database on a cluster. */
export function tenantNames(ulid: string = newUlid()): { id: string; schemaName: string; roleName: string } {
  const lower = ulid.toLowerCase();
  return { id: `ten_${ulid}`, schemaName: `t_${lower}`, roleName: `tr_${lower}` };
}

export function namesForTenantId(id: string): { schemaName: string; roleName: string } {
  const { schemaName, roleName } = tenantNames(id.slice(4));
  return { schemaName, roleName };
}

export { uuidToUlid };

export const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
