import 'server-only';
import { graphql } from '../__generated__/gql.ts';
import type { GatewayCall } from './gateway.ts';
import { execute, type GraphError } from './graphql-client.ts';

const SuggestQuery = graphql(`
  query Suggest($query: String!) {
    products(filter: { query: $query }, sort: RELEVANCE, first: 6) {
      edges {
        node {
          id
          title
          slug
          categories {
            title
          }
        }
      }
    }
  }
`);

export interface Suggestion {
  /** The product's slug: the browser goes to /p/<id>. */
  id: string;
  label: string;
  description?: string;
}

export const SUGGESTION_LIMIT = 6;

/** The shopper's text as the search takes it, or null when too short (or long) to suggest anything for. */
export function suggestionQuery(raw: string | null): string | null {
  const query = (raw ?? '').replace(/\s+/g, ' ').trim();
  return query.length >= 2 && query.length <= 100 ? query : null;
}

/** Up to six products for what the shopper is typing, from the catalog's search (typo tolerant, prefix matching). */
export async function suggestProducts(
  call: GatewayCall,
  query: string,
): Promise<{ suggestions: Suggestion[]; error?: GraphError }> {
  const result = await execute(call, SuggestQuery, { query });
  if (result.error) return { suggestions: [], error: result.error };
  return {
    suggestions: result.data.products.edges.slice(0, SUGGESTION_LIMIT).map(({ node }) => ({
      id: node.slug,
      label: node.title,
      ...(node.categories[0] ? { description: `in ${node.categories[0].title}` } : {}),
    })),
  };
}
