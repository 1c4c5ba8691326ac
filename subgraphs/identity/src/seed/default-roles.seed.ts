import { type BuiltInRole, builtInRoles, newId, type TenantTx } from '@meridian/kit';
import { roles } from '../db/schema.ts';
import { seedPolicy } from '../model/policy.ts';

const roleNames: Record<BuiltInRole, { name: string; description: string }> = {
  owner: { name: 'Owner', description: 'Everything, including posting to the ledger and managing owners' },
  admin: { name: 'Administrator', description: 'Runs the business and its users; cannot post to the ledger' },
  sales: { name: 'Sales', description: 'Orders, customers and the CRM' },
  warehouse: { name: 'Warehouse', description: 'Stock, receiving and fulfilment' },
  accountant: { name: 'Accountant', description: 'The books: invoices, bills, payments, posting' },
  support: { name: 'Support', description: 'Helps customers: reads orders, issues refunds' },
  customer: { name: 'Customer', description: 'A storefront shopper; sees only their own records' },
};

/** Every tenant starts with the built-in roles and a default security policy (idempotent). */
export async function seedIdentityDefaults(tx: TenantTx): Promise<void> {
  const keys = Object.keys(builtInRoles) as BuiltInRole[];
  await tx
    .insert(roles)
    .values(keys.map((key) => ({ id: newId('rol'), key, ...roleNames[key], builtIn: true })))
    .onConflictDoNothing({ target: roles.key });
  await seedPolicy(tx);
}
