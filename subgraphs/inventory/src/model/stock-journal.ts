import { newId, reject, type TenantTx } from '@meridian/kit';
import { asc, eq, type SQL } from 'drizzle-orm';
import { type MovementKind, stockMovements, stockOperations } from '../db/schema.ts';
import { type Field, fingerprint, keyReused } from './inventory-input.ts';

export type StockOperationRow = typeof stockOperations.$inferSelect;
export type StockMovementRow = typeof stockMovements.$inferSelect;

export interface OperationInput {
  kind: MovementKind;
  idempotencyKey: string | null;
  /** The request as given, for recognising a key reused with different input. */
  request: unknown;
  /** Or SQL that reads it in the insert (a committed reservation's reference). */
  reference?: string | SQL | null;
  note?: string | null;
  actorId?: string | null;
}

/**
 * Opens a journal entry. With an idempotency key already used for the same request, returns that
 * entry as `replayed` (the caller returns it and changes nothing); for a different request, refuses.
 * Two concurrent requests with one key: the second waits on the first's unique-index entry, then
 * finds its committed entry (or inserts its own if the first rolled back).
 */
export async function openOperation(
  tx: TenantTx,
  input: OperationInput,
  keyField: Field,
): Promise<{ operation: StockOperationRow; replayed: boolean }> {
  const print = fingerprint({ kind: input.kind, request: input.request });
  const [operation] = await tx
    .insert(stockOperations)
    .values({
      id: newId('sop'),
      kind: input.kind,
      idempotencyKey: input.idempotencyKey,
      fingerprint: print,
      reference: input.reference ?? null,
      note: input.note ?? null,
      actorId: input.actorId ?? null,
    })
    .onConflictDoNothing({ target: stockOperations.idempotencyKey })
    .returning();
  if (operation) return { operation, replayed: false };
  const [existing] = await tx
    .select()
    .from(stockOperations)
    .where(eq(stockOperations.idempotencyKey, input.idempotencyKey ?? ''));
  if (!existing || existing.fingerprint !== print) reject(keyReused(keyField));
  return { operation: existing, replayed: true };
}

export async function recordMovement(
  tx: TenantTx,
  movement: Omit<typeof stockMovements.$inferInsert, 'id' | 'createdAt'>,
): Promise<StockMovementRow> {
  const [row] = await tx
    .insert(stockMovements)
    .values({ id: newId('mov'), ...movement })
    .returning();
  if (!row) throw new Error('movement insert returned nothing');
  return row;
}

export function movementsOfOperation(tx: TenantTx, operationId: string): Promise<StockMovementRow[]> {
  return tx
    .select()
    .from(stockMovements)
    .where(eq(stockMovements.operationId, operationId))
    .orderBy(asc(stockMovements.id));
}
