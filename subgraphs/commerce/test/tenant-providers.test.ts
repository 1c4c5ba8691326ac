import { randomBytes } from 'node:crypto';
import { createSecretBox, type RequestContext } from '@meridian/kit';
import { describe, expect, it } from 'vitest';
import { createStripePaymentProvider } from '../src/payments/stripe-provider.ts';
import { tenantProviders } from '../src/payments/tenant-providers.ts';
import { createTestPaymentProvider } from '../src/payments/test-provider.ts';

const box = createSecretBox([{ id: 'k1', key: randomBytes(32) }], 'k1');
const otherBox = createSecretBox([{ id: 'k0', key: randomBytes(32) }], 'k0');
const installation = {
  test: createTestPaymentProvider(),
  stripe: createStripePaymentProvider({ secretKey: 'sk_test_installation', webhookSecret: 'whsec_installation' }),
};
const errors: unknown[] = [];
const ctxFor = (id: string, stripe: Record<string, unknown> | null) =>
  ({
    tenant: { id, settings: stripe ? { stripe } : {} },
    log: { error: (...args: unknown[]) => errors.push(args) },
  }) as unknown as RequestContext;
const stored = (updatedAt: string, sealWith = box) => ({
  secretKey: sealWith.seal('sk_test_shop1234'),
  webhookSecret: null,
  publishableKey: null,
  secretKeyLast4: '1234',
  mode: 'test',
  updatedAt,
});

describe('providers per tenant', () => {
  it('serves the installation’s providers to a tenant without settings', async () => {
    const providersFor = tenantProviders({ installation, secretBox: async () => box });
    expect(await providersFor(ctxFor('ten_a', null))).toBe(installation);
  });

  it('builds the tenant’s Stripe once per settings version, keeps the test provider, and stays bounded', async () => {
    const providersFor = tenantProviders({ installation, secretBox: async () => box, maxCached: 1 });
    const v1 = stored('2026-11-27T10:00:00.000Z');
    const first = await providersFor(ctxFor('ten_a', v1));
    expect(first.stripe).toBeDefined();
    expect(first.stripe).not.toBe(installation.stripe);
    expect(first.test).toBe(installation.test);
    expect((await providersFor(ctxFor('ten_a', v1))).stripe).toBe(first.stripe);
    const changed = await providersFor(ctxFor('ten_a', stored('2026-11-27T11:00:00.000Z')));
    expect(changed.stripe).not.toBe(first.stripe);
    // A second tenant pushes the first out (max 1): it is built again when it comes back.
    await providersFor(ctxFor('ten_b', v1));
    expect((await providersFor(ctxFor('ten_a', v1))).stripe).not.toBe(first.stripe);
  });

  it('settings that cannot be opened leave Stripe unavailable, never the installation’s account', async () => {
    const providersFor = tenantProviders({ installation, secretBox: async () => box });
    const providers = await providersFor(ctxFor('ten_c', stored('2026-11-27T10:00:00.000Z', otherBox)));
    expect(providers.stripe).toBeUndefined();
    expect(providers.test).toBe(installation.test);
    expect(errors).toHaveLength(1);
  });
});
