import { loaderFor, money, type RequestContext, type Resolvers, toConnection, toDecimalString } from '@meridian/kit';
import type { AppliedTax } from '../db/types.ts';

/** Minor units → the graph's Money (an exact decimal string). */
export const moneyOut = (amount: number, currency: string) => ({
  amount: toDecimalString(money(amount, currency)),
  currencyCode: currency,
});

export const maybeMoney = (amount: number | null | undefined, currency: string) =>
  amount === null || amount === undefined ? null : moneyOut(amount, currency);

export const taxLinesOut = (taxes: AppliedTax[], currency: string) =>
  taxes.map((t) => ({
    rateId: t.rateId,
    name: t.name,
    rate: t.rate,
    taxableAmount: moneyOut(t.taxable, currency),
    amount: moneyOut(t.amount, currency),
  }));

/** A page from a model list (`first + 1` rows fetched), cursor = the node id. */
export function connectionOf<T extends { id: string }>(page: { nodes: T[]; hasNextPage: boolean }) {
  return toConnection(page.nodes, { hasNextPage: page.hasNextPage, cursorOf: (node) => node.id });
}

/** One resolver map from the per-aggregate ones (Query and Mutation come from several). */
export function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const merged: Resolvers = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...fields } as never;
  }
  return merged;
}

/** GraphQL enum values (UPPER_CASE) ↔ the model's lower-case ones. */
export const enumValues = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as Record<string, T>;

/** Children of many parents in one query per request (DataLoader), grouped by `parentOf`. */
export function childrenLoader<C>(
  ctx: RequestContext,
  name: string,
  load: (ctx: RequestContext, ids: readonly string[]) => Promise<C[]>,
  parentOf: (child: C) => string | null,
) {
  return loaderFor<string, C[]>(ctx, name, async (ids) => {
    const rows = await load(ctx, ids);
    const grouped = new Map<string, C[]>(ids.map((id) => [id, []]));
    for (const row of rows) {
      const parent = parentOf(row);
      if (parent) grouped.get(parent)?.push(row);
    }
    return grouped;
  });
}

export const pageArgs = (args: { first?: number | null; after?: string | null }, max = 250) => ({
  first: Math.min(Math.max(Math.trunc(args.first ?? 50), 1), max),
  after: args.after ?? null,
});
