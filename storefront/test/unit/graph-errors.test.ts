import { startTestSuite, type TestSuite } from '@meridian/supergraph/testing';
import type { TypedDocumentNode } from '@urql/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRateLimits } from '../../../supergraph/src/gateway/rate-limits.ts';
import { execute, failureMessage } from '../../src/lib/graphql-client.ts';

/**
 * What the shopper reads when the gateway refuses a call: a real gateway with a per-address budget of 2 calls a
 * minute, so the third call from the storefront's server is RATE_LIMITED.
 */
let backend: TestSuite;
let host: string;
let gatewayUrl: string | undefined;

const TenantName = parse('{ currentTenant { id name } }') as TypedDocumentNode<
  { currentTenant: { id: string; name: string } | null },
  Record<string, never>
>;

beforeAll(async () => {
  backend = await startTestSuite({
    edge: { rateLimits: { ...defaultRateLimits, ip: { points: 2, durationSeconds: 60 } } },
  });
  const slug = `lim${Date.now().toString(36)}`;
  host = `${slug}.localhost`;
  await backend.suite.platform.tenants.create({ slug, name: 'Limited Co.', hosts: [host] });
  gatewayUrl = process.env.MERIDIAN_GATEWAY_URL;
  process.env.MERIDIAN_GATEWAY_URL = `http://127.0.0.1:${backend.suite.gateway.port}/graphql`;
}, 120_000);

afterAll(async () => {
  if (gatewayUrl === undefined) delete process.env.MERIDIAN_GATEWAY_URL;
  else process.env.MERIDIAN_GATEWAY_URL = gatewayUrl;
  await backend?.close();
});

describe('a rate-limited call', () => {
  it('says "too many requests" and when to retry, not that the store is unreachable', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await execute({ host }, TenantName, {}));
    expect(answers[0]?.data?.currentTenant?.name).toBe('Limited Co.');
    const refused = answers[2]!;
    expect(refused.error?.codes).toContain('RATE_LIMITED');
    const seconds = refused.error?.retryAfterSeconds ?? 0;
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    const unit = seconds === 1 ? 'second' : 'seconds';
    expect(failureMessage(refused.error, 'We could not reach the store.', 'Your cart is unchanged.')).toBe(
      `Too many requests — try again in ${seconds} ${unit}. Your cart is unchanged.`,
    );
  });

  it('a gateway that does not answer is still "could not reach"', async () => {
    process.env.MERIDIAN_GATEWAY_URL = 'http://127.0.0.1:9/graphql';
    try {
      const failed = await execute({ host, timeoutMs: 2_000 }, TenantName, {});
      expect(failed.error?.network).toBe(true);
      expect(failed.error?.retryAfterSeconds).toBeNull();
      expect(failureMessage(failed.error, 'We could not reach the store.')).toBe('We could not reach the store.');
    } finally {
      process.env.MERIDIAN_GATEWAY_URL = `http://127.0.0.1:${backend.suite.gateway.port}/graphql`;
    }
  });
});
