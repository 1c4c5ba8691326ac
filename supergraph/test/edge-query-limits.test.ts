import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  assertWithinLimits,
  defaultQueryLimits,
  isIntrospectionOnly,
  measureOperation,
} from '../src/gateway/query-limits.ts';

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return measureOperation(document, operation, variables);
}

describe('measureOperation', () => {
  it('counts depth from the root fields, aliases, and a cost of 1 per field', () => {
    expect(measure('{ a { b { c } } d }')).toEqual({ depth: 3, aliases: 0, cost: 4 });
    expect(measure('{ x: a { y: b } z: d }')).toEqual({ depth: 2, aliases: 3, cost: 3 });
  });

  it('multiplies what sits under a paginated field by its page size, bounded like the kit bounds it', () => {
    // tenants 1 + 10 × (edges 1 + node 1 + slug 1 + name 1)
    expect(measure('{ tenants(first: 10) { edges { node { slug name } } } }').cost).toBe(41);
    expect(measure('query($n: Int) { tenants(first: $n) { edges { node { slug } } } }', { n: 100 }).cost).toBe(301);
    expect(measure('query($n: Int = 5) { tenants(first: $n) { edges { node { slug } } } }').cost).toBe(16);
    // No page size given: the kit's default page (50); more than 250 costs as 250.
    expect(measure('{ tenants { edges { node { slug } } } }').cost).toBe(151);
    expect(measure('{ tenants(first: 100000) { edges { node { slug } } } }').cost).toBe(751);
    // Nested pages multiply.
    expect(measure('{ a(first: 10) { b(last: 10) { c } } }').cost).toBe(1 + 10 * (1 + 10));
  });

  it('follows fragments and inline fragments, measuring a fragment spread many times only once', () => {
    const query = `
      query { a { ...F } b { ...F } c { ... on T { x: y } } }
      fragment F on T { p: q { r } }`;
    expect(measure(query)).toEqual({ depth: 3, aliases: 3, cost: 3 + 2 * 2 + 1 });
    // 2^20 paths through nested spreads, measured in linear time.
    const chain = Array.from({ length: 20 }, (_, i) => `fragment F${i} on T { a { ...F${i + 1} } b { ...F${i + 1} } }`);
    const started = performance.now();
    const result = measure(`{ root { ...F0 } } ${chain.join(' ')} fragment F20 on T { leaf }`);
    expect(performance.now() - started).toBeLessThan(50);
    expect(result.depth).toBe(22);
    expect(result.cost).toBe(3 * 2 ** 20 - 1);
  });

  it('recognises a pure introspection query', () => {
    const op = (q: string) => getOperationAST(parse(q))!;
    expect(isIntrospectionOnly(op('{ __schema { types { name } } }'))).toBe(true);
    expect(isIntrospectionOnly(op('{ __schema { types { name } } tenants { totalCount } }'))).toBe(false);
  });
});

describe('assertWithinLimits', () => {
  it('names the first limit exceeded, as BAD_USER_INPUT with HTTP 400', () => {
    expect(() => assertWithinLimits({ depth: 13, aliases: 0, cost: 1 }, defaultQueryLimits)).toThrow(
      'Query depth 13 exceeds the limit of 12',
    );
    try {
      assertWithinLimits({ depth: 1, aliases: 31, cost: 1 }, defaultQueryLimits);
    } catch (error) {
      expect((error as { extensions: unknown }).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        limit: 'aliases',
        http: { status: 400 },
      });
    }
    expect(() => assertWithinLimits({ depth: 12, aliases: 30, cost: 10_000 }, defaultQueryLimits)).not.toThrow();
  });
});
