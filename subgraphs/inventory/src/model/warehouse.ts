import {
  loaderFor,
  mutate,
  newId,
  notFound,
  pageSize,
  parseId,
  type RequestContext,
  read,
  recordAudit,
  reject,
  type TenantTx,
  type UserError,
  userError,
} from '@meridian/kit';
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { warehouses } from '../db/schema.ts';
import { compact } from './inventory-input.ts';

export type WarehouseRow = typeof warehouses.$inferSelect;

export interface CreateWarehouseInput {
  code: string;
  name: string;
  priority?: number | null;
}

export interface UpdateWarehouseInput {
  id: string;
  name?: string | null;
  priority?: number | null;
  active?: boolean | null;
}

type WarehouseResult = { warehouse: WarehouseRow | null; userErrors: UserError[] };

const codePattern = /^[A-Z0-9][A-Z0-9_-]{0,19}$/;

function checkName(name: string | null | undefined): UserError | null {
  if (name === null || name === undefined) return null;
  if (!name.trim() || name.length > 200)
    return userError(['input', 'name'], 'INVALID', 'Name must be 1-200 characters');
  return null;
}

function checkPriority(priority: number | null | undefined): UserError | null {
  if (priority === null || priority === undefined) return null;
  if (priority < 0 || priority > 10_000) return userError(['input', 'priority'], 'INVALID', 'Priority is 0-10000');
  return null;
}

export async function createWarehouse(ctx: RequestContext, input: CreateWarehouseInput): Promise<WarehouseResult> {
  const code = input.code.trim().toUpperCase();
  const userErrors = compact([
    codePattern.test(code)
      ? null
      : userError(['input', 'code'], 'INVALID', 'Code: 1-20 letters, digits, dashes or underscores'),
    input.name.trim() ? checkName(input.name) : userError(['input', 'name'], 'INVALID', 'Name must not be empty'),
    checkPriority(input.priority),
  ]);
  if (userErrors.length > 0) return { warehouse: null, userErrors };
  return mutate<WarehouseResult>(ctx, { warehouse: null }, async (tx) => {
    const [warehouse] = await tx
      .insert(warehouses)
      .values({ id: newId('whs'), code, name: input.name.trim(), priority: input.priority ?? 0 })
      .onConflictDoNothing({ target: warehouses.code })
      .returning();
    if (!warehouse) reject(userError(['input', 'code'], 'TAKEN', `A warehouse with code ${code} exists`));
    await recordAudit(tx, ctx, {
      action: 'warehouse.create',
      entityType: 'Warehouse',
      entityId: warehouse.id,
      after: warehouse,
    });
    return { warehouse, userErrors: [] };
  });
}

export async function updateWarehouse(ctx: RequestContext, input: UpdateWarehouseInput): Promise<WarehouseResult> {
  const userErrors = compact([
    parseId('whs', input.id) ? null : userError(['input', 'id'], 'NOT_FOUND', 'Warehouse not found'),
    checkName(input.name),
    checkPriority(input.priority),
  ]);
  if (userErrors.length > 0) return { warehouse: null, userErrors };
  return mutate<WarehouseResult>(ctx, { warehouse: null }, async (tx) => {
    const [before] = await tx.select().from(warehouses).where(eq(warehouses.id, input.id)).for('update');
    const [warehouse] = await tx
      .update(warehouses)
      .set({
        ...(input.name ? { name: input.name.trim() } : {}),
        ...(input.priority !== null && input.priority !== undefined ? { priority: input.priority } : {}),
        ...(input.active !== null && input.active !== undefined ? { active: input.active } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(warehouses.id, input.id))
      .returning();
    if (!warehouse) reject(userError(['input', 'id'], 'NOT_FOUND', 'Warehouse not found'));
    await recordAudit(tx, ctx, {
      action: 'warehouse.update',
      entityType: 'Warehouse',
      entityId: warehouse.id,
      before,
      after: warehouse,
    });
    return { warehouse, userErrors: [] };
  });
}

export async function findWarehouse(ctx: RequestContext, id: string): Promise<WarehouseRow> {
  const [warehouse] = await read(ctx, (tx) => tx.select().from(warehouses).where(eq(warehouses.id, id)));
  if (!warehouse) throw notFound('Warehouse');
  return warehouse;
}

/** Warehouses by id, batched per request (stock levels, movements and lines all name theirs). */
export function warehouseById(ctx: RequestContext, id: string): Promise<WarehouseRow | null> {
  return warehouseLoader(ctx).load(id);
}

/** Warehouses a request already read (a reservation's allocation): answered without a query. */
export function primeWarehouses(ctx: RequestContext, rows: WarehouseRow[]): void {
  const loader = warehouseLoader(ctx);
  for (const row of rows) loader.prime(row.id, row);
}

function warehouseLoader(ctx: RequestContext) {
  return loaderFor<string, WarehouseRow>(ctx, 'warehouseById', async (ids) => {
    const rows = await read(ctx, (tx) =>
      tx
        .select()
        .from(warehouses)
        .where(inArray(warehouses.id, [...ids])),
    );
    return new Map(rows.map((w) => [w.id, w]));
  });
}

/** Cursor: `<priority>:<id>`, the sort key. */
const cursorOf = (w: WarehouseRow) => `${w.priority}:${w.id}`;

export async function listWarehouses(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; includeInactive?: boolean | null },
) {
  const limit = pageSize(args.first);
  const [priorityText, afterId] = args.after ? args.after.split(':') : [];
  const afterPriority = Number(priorityText);
  const conditions = [
    args.includeInactive ? undefined : eq(warehouses.active, true),
    afterId && parseId('whs', afterId) && Number.isInteger(afterPriority)
      ? or(
          gt(warehouses.priority, afterPriority),
          and(eq(warehouses.priority, afterPriority), gt(warehouses.id, afterId)),
        )
      : undefined,
  ];
  const rows = await read(ctx, (tx) =>
    tx
      .select()
      .from(warehouses)
      .where(and(...conditions))
      .orderBy(asc(warehouses.priority), asc(warehouses.id))
      .limit(limit + 1),
  );
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit, cursorOf };
}

/** Provisioning default: every tenant starts with one warehouse. */
export async function ensureDefaultWarehouse(tx: TenantTx): Promise<void> {
  await tx
    .insert(warehouses)
    .values({ id: newId('whs'), code: 'MAIN', name: 'Main warehouse', priority: 0 })
    .onConflictDoNothing({ target: warehouses.code });
}

/** The demo tenant's two warehouses (idempotent: by code). Returns them, priority first. */
export async function ensureDemoWarehouses(tx: TenantTx): Promise<WarehouseRow[]> {
  await ensureDefaultWarehouse(tx);
  await tx
    .insert(warehouses)
    .values({ id: newId('whs'), code: 'EAST', name: 'East coast depot', priority: 10 })
    .onConflictDoNothing({ target: warehouses.code });
  return tx
    .select()
    .from(warehouses)
    .where(inArray(warehouses.code, ['MAIN', 'EAST']))
    .orderBy(asc(warehouses.priority));
}
