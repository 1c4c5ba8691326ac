import { withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestClient, type TestSubgraphs } from '@meridian/kit/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouses } from '../src/db/schema.ts';
import { createInventorySubgraph } from '../src/index.ts';
import { reserveLine } from '../src/model/reserve-stock.ts';
import { expectLedgerBalanced, type Gql, levelOf, receive, trackedVariant } from './inventory-client.ts';

/**
 * The SQL statements of a checkout's two inventory calls (reserve, then commit), as commerce makes
 * them: a budget, so a change that adds round trips per order shows up here.
 */

let t: TestSubgraphs;
let admin: TestClient;
let main: string;
beforeAll(async () => {
  t = await startTestSubgraphs([createInventorySubgraph()]);
  admin = t.asTenantAdmin();
  const listed = await admin.request<Gql>('{ warehouses { edges { node { id code } } } }');
  main = listed.data.warehouses.edges.find((e: Gql) => e.node.code === 'MAIN').node.id;
});
afterAll(async () => {
  await t?.close();
});

/** The statements `work` sends through the subgraph's pool (the cached tenant lookup left out). */
async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const options = t.platform.database.sql.options as { debug?: unknown };
  options.debug = (_connection: number, text: string) => {
    if (!text.includes('pg_catalog.pg_type') && !text.includes('"control".')) {
      statements.push(text.replace(/\s+/g, ' ').trim().slice(0, 90));
    }
  };
  try {
    return { result: await work(), statements };
  } finally {
    options.debug = false;
  }
}

// What commerce's checkout asks for.
const reserveMutation = `mutation($input: ReserveStockInput!) { reserveStock(input: $input) {
  reservation { id lines { quantity variant { id } warehouse { id } } } userErrors { field code message } } }`;
const commitMutation = `mutation($id: ID!) { commitReservation(input: { id: $id }) {
  reservation { id status } userErrors { field code message } } }`;

const outboxWrites = (statements: string[]) => statements.filter((s) => s.includes('"_outbox"')).length;

describe('statements per checkout', () => {
  it('reserves one line in one transaction, answering without another read', async () => {
    const variant = await trackedVariant(admin);
    await receive(admin, variant, main, 5);
    const { result, statements } = await statementsOf(() =>
      admin.request<Gql>(reserveMutation, {
        input: { idempotencyKey: `count-${variant}`, lines: [{ variantId: variant, quantity: 2 }] },
      }),
    );
    expect(result.data.reserveStock).toMatchObject({
      reservation: { lines: [{ quantity: 2, variant: { id: variant }, warehouse: { id: main } }] },
      userErrors: [],
    });
    // begin, bind, claim the key, survey, the level, the lines, the event, audit, commit.
    expect(statements, statements.join('\n')).toHaveLength(9);
    expect(statements.filter((s) => s === 'begin')).toHaveLength(1);

    const committed = await statementsOf(() =>
      admin.request<Gql>(commitMutation, { id: result.data.reserveStock.reservation.id }),
    );
    expect(committed.result.data.commitReservation).toMatchObject({
      reservation: { status: 'COMMITTED' },
      userErrors: [],
    });
    // begin, bind, the sale's entry, the reservation (with its lines), the level, the cost layers, the
    // movement, the event, audit, commit.
    expect(committed.statements, committed.statements.join('\n')).toHaveLength(10);
    expect(await levelOf(admin, variant, main)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    await expectLedgerBalanced(admin);
  });

  it('publishes the events of several lines in one statement', async () => {
    const variants = [await trackedVariant(admin), await trackedVariant(admin), await trackedVariant(admin)];
    for (const [i, variant] of variants.entries()) {
      await receive(admin, variant, main, 2, '3.00');
      await receive(admin, variant, main, 3, `${4 + i}.00`); // two cost layers each
    }
    const reserved = await statementsOf(() =>
      admin.request<Gql>(reserveMutation, {
        input: {
          idempotencyKey: `count-3-${variants[0]}`,
          lines: variants.map((variantId) => ({ variantId, quantity: 4 })),
        },
      }),
    );
    expect(reserved.result.data.reserveStock.userErrors).toEqual([]);
    expect(reserved.statements, reserved.statements.join('\n')).toHaveLength(9 + 2);
    expect(outboxWrites(reserved.statements)).toBe(1);
    const committed = await statementsOf(() =>
      admin.request<Gql>(commitMutation, { id: reserved.result.data.reserveStock.reservation.id }),
    );
    expect(committed.result.data.commitReservation.userErrors).toEqual([]);
    // Per further level: the level, its cost layers (both in one statement), its movement.
    expect(committed.statements, committed.statements.join('\n')).toHaveLength(10 + 2 * 3);
    expect(outboxWrites(committed.statements)).toBe(1);
    for (const variant of variants)
      expect(await levelOf(admin, variant, main)).toEqual({ onHand: 1, reserved: 0, available: 1 });
    const item = await admin.request<Gql>(
      'query($id: ID!) { inventoryItem(variantId: $id) { valuation { value { amount } } } }',
      { id: variants[2] },
    );
    // FIFO: 2 at 3.00 and 2 of the 3 at 6.00 left; the one unit left is at 6.00.
    expect(item.data.inventoryItem.valuation.value.amount).toBe('6.00');
    await expectLedgerBalanced(admin);
  });
});

describe('a survey older than the stock', () => {
  it('tries every warehouse again when stock arrived after the survey, instead of refusing', async () => {
    const variant = await trackedVariant(admin);
    await receive(admin, variant, main, 4);
    const reserved = await withTenant(t.testDatabase.database, t.tenant, async (tx) => {
      const [warehouse] = await tx.select().from(warehouses).where(eq(warehouses.id, main));
      // what a survey taken before the receipt would say
      const stale = [{ warehouse: warehouse as typeof warehouses.$inferSelect, available: 0 }];
      return reserveLine(tx, { variantId: variant, quantity: 3 }, stale, []);
    });
    expect(reserved).toMatchObject({ id: main });
    // (the line alone: its reservation row, which the ledger check pairs it with, is the caller's)
    expect(await levelOf(admin, variant, main)).toMatchObject({ onHand: 4, reserved: 3 });
  });
});
