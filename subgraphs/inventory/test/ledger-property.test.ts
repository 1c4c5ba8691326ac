import { withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestClient, type TestSubgraphs } from '@meridian/kit/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reservations } from '../src/db/schema.ts';
import { createInventorySubgraph, sweepExpiredReservations } from '../src/index.ts';
import {
  createWarehouse,
  expectLedgerBalanced,
  type Gql,
  levelOf,
  mutations,
  trackedVariant,
} from './inventory-client.ts';

let t: TestSubgraphs;
let admin: TestClient;
beforeAll(async () => {
  t = await startTestSubgraphs([createInventorySubgraph()]);
  admin = t.asTenantAdmin();
});
afterAll(async () => {
  await t?.close();
});

/** mulberry32: a small seeded generator, so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: T[]) => list[Math.floor(next() * list.length)] as T,
  };
}

interface Held {
  id: string;
  variant: string;
  warehouse: string;
  quantity: number;
}

describe('the movement journal', () => {
  it('stock levels equal the sum of movements after a random sequence of operations', async () => {
    const seed = Number(process.env.INVENTORY_PROPERTY_SEED ?? 20261127);
    const steps = Number(process.env.INVENTORY_PROPERTY_STEPS ?? 150);
    const rng = random(seed);
    const warehouses = [
      await createWarehouse(admin, 'P1'),
      await createWarehouse(admin, 'P2', 5),
      await createWarehouse(admin, 'P3', 9),
    ];
    const variants = [await trackedVariant(admin), await trackedVariant(admin), await trackedVariant(admin)];
    const model = new Map<string, { onHand: number; reserved: number }>();
    const level = (v: string, w: string) => {
      const key = `${v}/${w}`;
      const found = model.get(key) ?? { onHand: 0, reserved: 0 };
      model.set(key, found);
      return found;
    };
    const held: Held[] = [];
    const counts: Record<string, number> = {};
    const expectOutcome = (payload: Gql, ok: boolean, label: string) => {
      counts[`${label}:${ok ? 'ok' : 'refused'}`] = (counts[`${label}:${ok ? 'ok' : 'refused'}`] ?? 0) + 1;
      if (ok) expect(payload.userErrors, `${label} (seed ${seed})`).toEqual([]);
      else expect(payload.userErrors[0]?.code, `${label} (seed ${seed})`).toBe('INSUFFICIENT_STOCK');
    };

    for (let step = 0; step < steps; step++) {
      const v = rng.pick(variants);
      const w = rng.pick(warehouses);
      const here = level(v, w);
      const available = here.onHand - here.reserved;
      const op = rng.pick([
        'receive',
        'receive',
        'adjust',
        'transfer',
        'produce',
        'reserve',
        'reserve',
        'commit',
        'release',
        'expire',
      ]);
      if (op === 'receive') {
        const quantity = rng.int(1, 20);
        const cost = `${rng.int(1, 30)}.${String(rng.int(0, 99)).padStart(2, '0')}`;
        const r = await admin.request<Gql>(mutations.receive, {
          input: { variantId: v, warehouseId: w, quantity, unitCost: { amount: cost, currency: 'EUR' } },
        });
        expectOutcome(r.data.receiveStock, true, op);
        here.onHand += quantity;
      } else if (op === 'adjust' || op === 'produce') {
        const delta = rng.int(-8, 8) || 1;
        const ok = delta > 0 || available >= -delta;
        const input = { variantId: v, warehouseId: w, delta, unitCost: { amount: '5.00', currency: 'EUR' } };
        const r =
          op === 'adjust'
            ? (await admin.request<Gql>(mutations.adjust, { input: { ...input, reason: 'property test' } })).data
                .adjustStock
            : (await admin.request<Gql>(mutations.produce, { input })).data.recordProduction;
        expectOutcome(r, ok, op);
        if (ok) here.onHand += delta;
      } else if (op === 'transfer') {
        const to = rng.pick(warehouses.filter((x) => x !== w));
        const quantity = rng.int(1, 10);
        const r = await admin.request<Gql>(mutations.transfer, {
          input: { variantId: v, fromWarehouseId: w, toWarehouseId: to, quantity },
        });
        const ok = available >= quantity;
        expectOutcome(r.data.transferStock, ok, op);
        if (ok) {
          here.onHand -= quantity;
          level(v, to).onHand += quantity;
        }
      } else if (op === 'reserve') {
        const quantity = rng.int(1, 6);
        const r = await admin.request<Gql>(mutations.reserve, {
          input: { idempotencyKey: `p-${seed}-${step}`, lines: [{ variantId: v, warehouseId: w, quantity }] },
        });
        const ok = available >= quantity;
        expectOutcome(r.data.reserveStock, ok, op);
        if (ok) {
          here.reserved += quantity;
          held.push({ id: r.data.reserveStock.reservation.id, variant: v, warehouse: w, quantity });
        }
      } else if (held.length > 0) {
        const chosen = held.splice(rng.int(0, held.length - 1), 1)[0] as Held;
        const at = level(chosen.variant, chosen.warehouse);
        if (op === 'commit') {
          const r = await admin.request<Gql>(mutations.commit, { id: chosen.id });
          expectOutcome(r.data.commitReservation, true, op);
          at.onHand -= chosen.quantity;
        } else if (op === 'release') {
          const r = await admin.request<Gql>(mutations.release, { id: chosen.id });
          expectOutcome(r.data.releaseReservation, true, op);
        } else {
          await withTenant(t.testDatabase.database, t.tenant, (tx) =>
            tx
              .update(reservations)
              .set({ expiresAt: sql`now() - interval '1 second'` })
              .where(eq(reservations.id, chosen.id)),
          );
          counts.expire = (counts.expire ?? 0) + 1;
        }
        at.reserved -= chosen.quantity;
      }
    }

    for (const v of variants) {
      for (const w of warehouses) {
        const expected = level(v, w);
        const actual = await levelOf(admin, v, w);
        expect(actual, `${v}/${w} (seed ${seed})`).toEqual({
          onHand: expected.onHand,
          reserved: expected.reserved,
          available: expected.onHand - expected.reserved,
        });
        expect(actual.available).toBeGreaterThanOrEqual(0);
      }
    }
    // The stored counts still include reservations whose time ran out; the sweep makes them catch up.
    await sweepExpiredReservations(t.testDatabase.database, [t.tenant]);
    const checked = await expectLedgerBalanced(admin);
    expect(checked).toBeGreaterThan(0);
    expect(Object.keys(counts).length).toBeGreaterThan(8); // the sequence exercised most outcomes
  });
});
