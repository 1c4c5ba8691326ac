import { GraphQLScalarType } from 'graphql';
import type { Resolvers } from '../subgraph/create-subgraph.ts';

/**
 * One resolver map from one per aggregate: `Query` and `Mutation` fields are combined, and a field
 * defined twice is an error at start-up rather than a silent overwrite.
 */
export function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      if (fields instanceof GraphQLScalarType) {
        merged[type] = fields as never;
        continue;
      }
      const target = merged[type] ?? {};
      merged[type] = target;
      for (const [name, resolver] of Object.entries(fields)) {
        if (name in target) throw new Error(`resolver ${type}.${name} is defined twice`);
        target[name] = resolver;
      }
    }
  }
  return merged as Resolvers;
}
