import type { IncomingMessage } from 'node:http';
import { ConfigError, parseEnv } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddressOf, proxyTrust } from '../src/gateway/edge.ts';
import { startTestSuite, type TestSuite } from '../src/testing/test-suite.ts';

/** A request as the gateway sees it: the peer's address and what X-Forwarded-For says. */
const request = (peer: string, forwardedFor?: string | string[]) =>
  ({
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    socket: { remoteAddress: peer },
  }) as unknown as IncomingMessage;

const loopback = proxyTrust(['127.0.0.1', '::1']);

describe('client address behind trusted proxies', () => {
  it('believes X-Forwarded-For only from a trusted peer', () => {
    expect(clientAddressOf(request('127.0.0.1', '203.0.113.9'), loopback)).toBe('203.0.113.9');
    expect(clientAddressOf(request('::ffff:127.0.0.1', '203.0.113.9'), loopback)).toBe('203.0.113.9');
    expect(clientAddressOf(request('::1', '2001:db8::7'), loopback)).toBe('2001:db8::7');
    // A direct caller cannot pick its address.
    expect(clientAddressOf(request('198.51.100.4', '203.0.113.9'), loopback)).toBe('198.51.100.4');
    expect(clientAddressOf(request('127.0.0.1', '203.0.113.9'), proxyTrust([]))).toBe('127.0.0.1');
  });

  it('walks right to left past trusted proxies; entries the client wrote further left never count', () => {
    const trust = proxyTrust(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    // client → load balancer (10.1.2.3) → storefront renderer (127.0.0.1) → gateway
    expect(clientAddressOf(request('127.0.0.1', '203.0.113.9, 10.1.2.3'), trust)).toBe('203.0.113.9');
    expect(clientAddressOf(request('127.0.0.1', ['1.2.3.4, 203.0.113.9', '10.1.2.3']), trust)).toBe('203.0.113.9');
    expect(clientAddressOf(request('127.0.0.1', 'forged, 198.51.100.1, 203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddressOf(request('10.9.9.9', '2001:db8::1, fd00::5'), trust)).toBe('2001:db8::1');
    // Every hop trusted: the furthest one is the best known.
    expect(clientAddressOf(request('127.0.0.1', '10.0.0.7, 10.0.0.8'), trust)).toBe('10.0.0.7');
  });

  it('accepts ports and brackets, and stops at a malformed entry at the last trusted hop', () => {
    expect(clientAddressOf(request('127.0.0.1', '203.0.113.9:51234'), loopback)).toBe('203.0.113.9');
    expect(clientAddressOf(request('127.0.0.1', '[2001:db8::7]:443'), loopback)).toBe('2001:db8::7');
    expect(clientAddressOf(request('127.0.0.1', '203.0.113.9, not-an-ip'), loopback)).toBe('127.0.0.1');
    expect(clientAddressOf(request('127.0.0.1', ''), loopback)).toBe('127.0.0.1');
    expect(clientAddressOf(request('127.0.0.1'), loopback)).toBe('127.0.0.1');
  });
});

describe('TRUSTED_PROXIES', () => {
  it('defaults to loopback, may be emptied, and takes addresses and CIDR ranges', () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual(['127.0.0.1', '::1']);
    expect(parseEnv({ TRUSTED_PROXIES: '' }).TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: ' 10.0.0.0/8, fd00::/8 ,192.0.2.1' }).TRUSTED_PROXIES).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.1',
    ]);
  });

  it('names the variable when an entry is not an address or range', () => {
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/8', '::1/129', '10.0.0.0/x']) {
      expect(() => parseEnv({ TRUSTED_PROXIES: bad })).toThrow(ConfigError);
      try {
        parseEnv({ TRUSTED_PROXIES: bad });
      } catch (error) {
        expect((error as ConfigError).issues[0]?.variable).toBe('TRUSTED_PROXIES');
      }
    }
  });
});

describe('a gateway that does not trust its caller', () => {
  let t: TestSuite;
  beforeAll(async () => {
    // Only a load balancer range is trusted: this test's loopback calls are direct API callers.
    t = await startTestSuite({
      edge: { trustedProxies: ['10.0.0.0/8'], rateLimits: { ip: { points: 3, durationSeconds: 60 } } },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('spends the peer address budget whatever X-Forwarded-For claims', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const result = await t.call('{ __typename }', { headers: { 'x-forwarded-for': `203.0.113.${i}` } });
      statuses.push(result.status);
      if (i === 4) expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'ip' });
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
