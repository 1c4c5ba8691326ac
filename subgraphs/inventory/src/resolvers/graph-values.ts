import { money, toDecimalString } from '@meridian/kit';

/** Money as the graph shows it: an exact decimal string and its currency. */
export function toCost(amount: number, currency: string): { amount: string; currency: string } {
  return { amount: toDecimalString(money(amount, currency)), currency };
}

/** `receipt` ⇄ `RECEIPT`: enums are upper case in the graph, lower case in the database. */
export const toGraphEnum = (value: string) => value.toUpperCase();
export const fromGraphEnum = <T extends string>(value: string | null | undefined): T | null =>
  value ? (value.toLowerCase() as T) : null;

/** An entity reference another subgraph (or this one) resolves: `{ id }` is all the gateway needs. */
export const reference = (id: string | null) => (id ? { id } : null);
