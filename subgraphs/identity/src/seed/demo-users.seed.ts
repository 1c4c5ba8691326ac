import { type BuiltInRole, hashPassword, newId, type TenantTx } from '@meridian/kit';
import { inArray } from 'drizzle-orm';
import { roles, userRoles, users } from '../db/schema.ts';

export const demoPassword = 'meridian-demo-2026!';

/** One person per built-in role, so every screen can be tried with the right rights. */
export const demoUsers: {
  email: string;
  name: string;
  role: BuiltInRole;
  kind: 'staff' | 'customer';
  /** Demo catalog data has "Wholesale <currency>" price lists for this group. */
  customerGroup?: string;
}[] = [
  { email: 'owner@acme.test', name: 'Olivia Owner', role: 'owner', kind: 'staff' },
  { email: 'admin@acme.test', name: 'Adam Admin', role: 'admin', kind: 'staff' },
  { email: 'sales@acme.test', name: 'Sally Sales', role: 'sales', kind: 'staff' },
  { email: 'warehouse@acme.test', name: 'Walter Warehouse', role: 'warehouse', kind: 'staff' },
  { email: 'accountant@acme.test', name: 'Alice Accountant', role: 'accountant', kind: 'staff' },
  { email: 'support@acme.test', name: 'Sam Support', role: 'support', kind: 'staff' },
  { email: 'shopper@acme.test', name: 'Sophie Shopper', role: 'customer', kind: 'customer' },
  {
    email: 'wholesale@acme.test',
    name: 'Will Wholesale',
    role: 'customer',
    kind: 'customer',
    customerGroup: 'wholesale',
  },
];

export async function seedDemoUsers(tx: TenantTx): Promise<void> {
  // One hash for all: the same password, and eight argon2 runs would slow the first start for nothing.
  const passwordHash = await hashPassword(demoPassword);
  const byKey = new Map(
    (
      await tx
        .select()
        .from(roles)
        .where(
          inArray(
            roles.key,
            demoUsers.map((u) => u.role),
          ),
        )
    ).map((r) => [r.key, r]),
  );
  for (const demo of demoUsers) {
    const [user] = await tx
      .insert(users)
      .values({
        id: newId('usr'),
        email: demo.email,
        name: demo.name,
        kind: demo.kind,
        status: 'active',
        passwordHash,
        passwordChangedAt: new Date(),
        customerGroup: demo.customerGroup ?? null,
      })
      .onConflictDoNothing({ target: users.email })
      .returning();
    const role = byKey.get(demo.role);
    if (user && role) await tx.insert(userRoles).values({ userId: user.id, roleId: role.id });
  }
}
