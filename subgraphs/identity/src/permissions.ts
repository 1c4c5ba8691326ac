import { allow, hasTenant, isPlatformOperator, type RuleMap } from '@meridian/kit';

/** Deny by default: every field reachable here is listed. */
export const identityPermissions: RuleMap = {
  Query: {
    currentTenant: hasTenant,
    tenants: isPlatformOperator,
    tenant: isPlatformOperator,
  },
  Mutation: {
    createTenant: isPlatformOperator,
    suspendTenant: isPlatformOperator,
    resumeTenant: isPlatformOperator,
  },
  Tenant: isPlatformOperator,
  ModuleVersion: isPlatformOperator,
  TenantConnection: isPlatformOperator,
  TenantEdge: isPlatformOperator,
  TenantProfile: allow,
  PageInfo: allow,
  UserError: allow,
  CreateTenantPayload: allow,
  SetTenantStatusPayload: allow,
};
