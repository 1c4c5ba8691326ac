/**
 * The one permission registry: every permission string a rule may check, by domain, and the
 * built-in roles. Tenants compose custom roles from these strings; identity stores and assigns them.
 * `domain:*` grants a whole domain; `*` grants every tenant permission (never `platform:*`).
 */
export const permissionRegistry = {
  catalog: ['catalog:read', 'catalog:write'],
  inventory: ['inventory:read', 'inventory:write'],
  orders: ['orders:read', 'orders:write', 'orders:refund'],
  customers: ['customers:read', 'customers:write'],
  crm: ['crm:read', 'crm:write'],
  erp: ['erp:read', 'erp:write'],
  accounting: ['accounting:read', 'accounting:write', 'accounting:post'],
  users: ['users:read', 'users:write'],
  roles: ['roles:read', 'roles:write'],
  settings: ['settings:read', 'settings:write'],
  audit: ['audit:read'],
  apiClients: ['api-clients:read', 'api-clients:write'],
} as const;

export type Permission = (typeof permissionRegistry)[keyof typeof permissionRegistry][number];

export const allPermissions: readonly Permission[] = Object.values(permissionRegistry).flat();

/** Platform permissions belong to the installation's operators, never to a tenant role. */
export const platformPermissions = ['platform:tenants'] as const;

export type BuiltInRole = 'owner' | 'admin' | 'sales' | 'warehouse' | 'accountant' | 'support' | 'customer';

/** What each built-in role may do; tenants can't edit these, only add custom roles. */
export const builtInRoles: Record<BuiltInRole, readonly string[]> = {
  owner: ['*'],
  admin: allPermissions.filter((p) => p !== 'accounting:post'),
  sales: [
    'catalog:read',
    'inventory:read',
    'orders:read',
    'orders:write',
    'customers:read',
    'customers:write',
    'crm:*',
  ],
  warehouse: ['catalog:read', 'inventory:*', 'orders:read', 'erp:read'],
  accountant: ['accounting:*', 'orders:read', 'customers:read', 'catalog:read', 'erp:read'],
  support: ['orders:read', 'orders:refund', 'customers:read', 'catalog:read', 'crm:read'],
  // Shoppers act on their own records only; resolvers check ownership, not a permission string.
  customer: [],
};

export function isKnownPermission(value: string): boolean {
  if (value === '*') return true;
  if (value.endsWith(':*'))
    return (
      Object.keys(permissionRegistry).some((d) => value === `${d}:*`) ||
      allPermissions.some((p) => p.startsWith(value.slice(0, -1)))
    );
  return (allPermissions as readonly string[]).includes(value);
}
