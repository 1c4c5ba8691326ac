import {
  type AddressInput,
  checkAddress,
  mutate,
  newId,
  notFound,
  Problems,
  parseId,
  type RequestContext,
  read,
  reject,
  type TenantTx,
  type UserError,
  unauthenticated,
  userError,
} from '@meridian/kit';
import { and, count, desc, eq, ne, sql } from 'drizzle-orm';
import { customerAddresses, users } from '../db/schema.ts';
import { audit } from './audit.ts';
import { currentUserId } from './support.ts';

/**
 * A signed-in customer's address book. Every change first locks the owner's user row, so one person's
 * changes run one after the other: the limit holds, and exactly one address is the default whatever
 * arrives at once (the partial unique index is the last word if anything slipped through).
 */

export type AddressRow = typeof customerAddresses.$inferSelect;
export type CustomerAddressInput = AddressInput & { isDefault?: boolean | null };

type AddressResult = { address: AddressRow | null; userErrors: UserError[] };

export const maxAddresses = 50;

/** Default first, then newest first (ids are ULIDs: they sort by creation). */
export function myAddresses(ctx: RequestContext): Promise<AddressRow[]> {
  const userId = currentUserId(ctx);
  return read(ctx, (tx) =>
    tx
      .select()
      .from(customerAddresses)
      .where(eq(customerAddresses.userId, userId))
      .orderBy(desc(customerAddresses.isDefault), desc(customerAddresses.id)),
  );
}

async function lockOwner(tx: TenantTx, userId: string): Promise<void> {
  // NO KEY UPDATE: serialises this person's address changes without blocking inserts that reference the user.
  const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('no key update');
  // A token outliving its account: the caller must sign in again.
  if (!owner) throw unauthenticated();
}

/** The caller's own address; NOT_FOUND, like any id identity does not show you, for anyone else's. */
async function ownAddress(tx: TenantTx, userId: string, id: string): Promise<AddressRow> {
  if (!parseId('adr', id)) throw notFound('Address');
  const [row] = await tx
    .select()
    .from(customerAddresses)
    .where(and(eq(customerAddresses.id, id), eq(customerAddresses.userId, userId)));
  if (!row) throw notFound('Address');
  return row;
}

async function clearDefault(tx: TenantTx, userId: string, except: string | null): Promise<void> {
  await tx
    .update(customerAddresses)
    .set({ isDefault: false, updatedAt: sql`now()` })
    .where(
      and(
        eq(customerAddresses.userId, userId),
        eq(customerAddresses.isDefault, true),
        except ? ne(customerAddresses.id, except) : undefined,
      ),
    );
}

const snapshot = ({ id: _id, userId: _u, createdAt: _c, updatedAt: _up, ...fields }: AddressRow) => fields;

export async function addMyAddress(ctx: RequestContext, input: CustomerAddressInput): Promise<AddressResult> {
  const userId = currentUserId(ctx);
  const problems = new Problems();
  const address = checkAddress(problems, [], input);
  if (!address) return { address: null, userErrors: problems.list };
  return mutate<AddressResult>(ctx, { address: null }, async (tx) => {
    await lockOwner(tx, userId);
    const [held] = await tx.select({ n: count() }).from(customerAddresses).where(eq(customerAddresses.userId, userId));
    const existing = held?.n ?? 0;
    if (existing >= maxAddresses) {
      reject(userError(null, 'LIMIT_REACHED', `At most ${maxAddresses} addresses: delete one to add another`));
    }
    // The first address is the default, whatever was asked.
    const isDefault = existing === 0 || input.isDefault === true;
    if (isDefault) await clearDefault(tx, userId, null);
    const [row] = await tx
      .insert(customerAddresses)
      .values({ id: newId('adr'), userId, ...address, isDefault })
      .returning();
    if (!row) throw new Error('address insert returned nothing');
    await audit(tx, ctx, 'address.create', { type: 'CustomerAddress', id: row.id }, { after: snapshot(row) });
    return { address: row, userErrors: [] };
  });
}

/**
 * Replaces an address. `isDefault: true` makes it the default; false or absent leaves that as it is
 * (the default moves only to another address, so someone with addresses always has one).
 */
export async function updateMyAddress(
  ctx: RequestContext,
  id: string,
  input: CustomerAddressInput,
): Promise<AddressResult> {
  const userId = currentUserId(ctx);
  const problems = new Problems();
  const address = checkAddress(problems, [], input);
  if (!address) return { address: null, userErrors: problems.list };
  return mutate<AddressResult>(ctx, { address: null }, async (tx) => {
    await lockOwner(tx, userId);
    const before = await ownAddress(tx, userId, id);
    const isDefault = before.isDefault || input.isDefault === true;
    if (isDefault) await clearDefault(tx, userId, id);
    const [row] = await tx
      .update(customerAddresses)
      .set({ ...address, isDefault, updatedAt: sql`now()` })
      .where(eq(customerAddresses.id, id))
      .returning();
    if (!row) throw notFound('Address');
    await audit(
      tx,
      ctx,
      'address.update',
      { type: 'CustomerAddress', id },
      { before: snapshot(before), after: snapshot(row) },
    );
    return { address: row, userErrors: [] };
  });
}

/** Deletes an address; when it was the default, the newest remaining one becomes the default. */
export function deleteMyAddress(
  ctx: RequestContext,
  id: string,
): Promise<{ deletedId: string | null; userErrors: UserError[] }> {
  const userId = currentUserId(ctx);
  return mutate<{ deletedId: string | null; userErrors: UserError[] }>(ctx, { deletedId: null }, async (tx) => {
    await lockOwner(tx, userId);
    const before = await ownAddress(tx, userId, id);
    await tx.delete(customerAddresses).where(eq(customerAddresses.id, id));
    let promoted: string | null = null;
    if (before.isDefault) {
      const [newest] = await tx
        .select({ id: customerAddresses.id })
        .from(customerAddresses)
        .where(eq(customerAddresses.userId, userId))
        .orderBy(desc(customerAddresses.id))
        .limit(1);
      if (newest) {
        await tx
          .update(customerAddresses)
          .set({ isDefault: true, updatedAt: sql`now()` })
          .where(eq(customerAddresses.id, newest.id));
        promoted = newest.id;
      }
    }
    await audit(
      tx,
      ctx,
      'address.delete',
      { type: 'CustomerAddress', id },
      { before: snapshot(before), ...(promoted ? { after: { defaultAddressId: promoted } } : {}) },
    );
    return { deletedId: id, userErrors: [] };
  });
}

export function setDefaultAddress(ctx: RequestContext, id: string): Promise<AddressResult> {
  const userId = currentUserId(ctx);
  return mutate<AddressResult>(ctx, { address: null }, async (tx) => {
    await lockOwner(tx, userId);
    const before = await ownAddress(tx, userId, id);
    if (before.isDefault) return { address: before, userErrors: [] };
    await clearDefault(tx, userId, id);
    const [row] = await tx
      .update(customerAddresses)
      .set({ isDefault: true, updatedAt: sql`now()` })
      .where(eq(customerAddresses.id, id))
      .returning();
    if (!row) throw notFound('Address');
    await audit(tx, ctx, 'address.set_default', { type: 'CustomerAddress', id }, { after: { isDefault: true } });
    return { address: row, userErrors: [] };
  });
}
