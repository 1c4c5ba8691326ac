import { money, toConnection, toDecimalString } from '@meridian/kit';

/** Minor units → the graph's Money (an exact decimal string). */
export const moneyOut = (amount: number, currency: string) => ({
  amount: toDecimalString(money(amount, currency)),
  currencyCode: currency,
});

/** A page from a model list (`first + 1` rows fetched), cursor = the node id. */
export function connectionOf<T extends { id: string }>(page: { nodes: T[]; hasNextPage: boolean }) {
  return toConnection(page.nodes, { hasNextPage: page.hasNextPage, cursorOf: (node) => node.id });
}
