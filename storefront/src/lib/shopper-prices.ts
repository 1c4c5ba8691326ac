import 'server-only';
import type { Money } from '@meridian/design-system';
import { graphql } from '../__generated__/gql.ts';
import type { GatewayCall } from './gateway.ts';
import { execute } from './graphql-client.ts';
import { maybeMinorUnits } from './money.ts';

/**
 * A product's variant prices as the signed-in shopper pays them: with their access token the catalog answers with
 * their customer group's price list (no argument: the token carries the group). Never cached: it is per shopper.
 */
const ShopperPricesQuery = graphql(`
  query ShopperPrices($id: ID!, $currency: String) {
    product(id: $id) {
      id
      variants {
        id
        price(currency: $currency) {
          unitPrice {
            amount
            currencyCode
          }
        }
      }
    }
  }
`);

/** Variant id → the shopper's price (null: none in this currency); null when the graph could not say. */
export async function shopperPrices(
  call: GatewayCall,
  productId: string,
  currency: string,
): Promise<Record<string, Money | null> | null> {
  const result = await execute(call, ShopperPricesQuery, { id: productId, currency });
  const product = result.data?.product;
  if (result.error || !product) return null;
  return Object.fromEntries(product.variants.map((v) => [v.id, maybeMinorUnits(v.price?.unitPrice) ?? null]));
}
