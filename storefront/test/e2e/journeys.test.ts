import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, type Harness, staffToken, startHarness } from './harness.ts';

/**
 * The storefront's main journeys in Chromium against the real backend: a guest buys; a customer signs up, buys and
 * finds the order; an out-of-stock variant cannot be bought; a declined card says so and keeps the cart.
 * Screenshots of the key pages go to storefront/test-artifacts/ (git-ignored).
 */
let h: Harness;
const products: { slug: string; title: string; variantId: string }[] = [];

beforeAll(async () => {
  h = await startHarness();
  const host = new URL(h.origin).hostname;
  const r = await h.backend.call<{
    products: { edges: { node: { slug: string; title: string; variants: { id: string; available: number }[] } }[] };
  }>(
    '{ products(first: 150, sort: NEWEST, filter: { inStock: true }) { edges { node { slug title variants { id available } } } } }',
    {
      host,
    },
  );
  for (const { node } of r.data?.products.edges ?? []) {
    // single-variant products: the product page's default choice is the one we test
    if (node.variants.length === 1 && (node.variants[0]?.available ?? 0) > 3) {
      products.push({ slug: node.slug, title: node.title, variantId: node.variants[0]!.id });
    }
  }
  expect(products.length).toBeGreaterThanOrEqual(4);
}, 240_000);

afterAll(async () => {
  await h?.close();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  return { context, page };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

async function addToCart(page: Page, product: { slug: string; title: string }): Promise<void> {
  await page.goto(`${h.origin}/p/${product.slug}`);
  await expect(page.getByRole('heading', { level: 1, name: product.title }).isVisible()).resolves.toBe(true);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  // the drawer opens with the server's cart, or the form says why not
  const drawer = page.getByRole('dialog', { name: /Your cart \(1 item\)/ });
  const refusal = page.locator('.sf-purchase .mds-alert');
  await drawer.or(refusal).first().waitFor();
  if (await refusal.isVisible()) throw new Error(`add to cart refused: ${await refusal.textContent()}`);
}

/** Waits for the next step's field, or fails with what the page said instead (a refusal, a network message). */
async function nextStep(page: Page, label: string): Promise<void> {
  const field = page.getByLabel(label);
  const refusal = page.locator('.sf-checkout-step .mds-alert, .sf-checkout-step [role="alert"]');
  await field.or(refusal).first().waitFor({ timeout: 45_000 });
  if (!(await field.isVisible())) {
    await shot(page, `checkout-stuck-${label.replace(/\W+/g, '-').toLowerCase()}`);
    throw new Error(`checkout did not reach "${label}": ${await refusal.first().textContent()}`);
  }
}

async function checkout(page: Page, card: string, email: string): Promise<void> {
  await page.getByRole('link', { name: 'Checkout' }).click();
  await page.waitForURL(/\/checkout/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Full name').fill('Ada Lovelace');
  // the demo shop's default currency is USD, and its US zone ships USD carts
  await page.getByLabel('Street and number').fill('1 Market Street');
  await page.getByLabel('Postal code').fill('94103');
  await page.getByLabel('Town or city').fill('San Francisco');
  await page.getByLabel(/State, county or province/).fill('CA');
  await page.getByLabel('Country').selectOption('US');
  await shot(page, `checkout-address-${card.slice(-4)}`);
  await page.getByRole('button', { name: 'Continue to shipping' }).click();
  await page
    .getByRole('group', { name: 'Shipping method' })
    .or(page.locator('.sf-checkout-step .mds-alert'))
    .first()
    .waitFor({ timeout: 45_000 });
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await nextStep(page, 'Card number');
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('Security code').fill('123');
  await page.getByRole('button', { name: /^Pay/ }).click();
}

describe('storefront journeys', () => {
  it('a guest buys a product end to end', async () => {
    const { context, page } = await newPage();
    const product = products[0]!;
    await page.goto(h.origin);
    await shot(page, 'home');
    await page.goto(`${h.origin}/c/accessories`);
    await shot(page, 'category');
    await addToCart(page, product);
    await shot(page, 'product-added');
    await checkout(page, '4242 4242 4242 4242', 'guest@example.com');
    await page.getByTestId('order-confirmation').waitFor({ timeout: 20_000 });
    await shot(page, 'order-confirmation');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Thank you');
    // the cart is gone after the order
    await page.goto(`${h.origin}/cart`);
    expect(await page.getByRole('heading', { level: 2, name: 'Your cart is empty' }).isVisible()).toBe(true);
    await context.close();
  }, 90_000);

  it('a customer signs up, buys, and finds the order in the history', async () => {
    const { context, page } = await newPage();
    const email = `e2e-${Date.now()}@example.com`;
    await page.goto(`${h.origin}/account/sign-up`);
    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery staple 42');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/account/);
    await page.getByText('No orders yet').waitFor();
    await addToCart(page, products[1]!);
    await checkout(page, '4242424242424242', email);
    await page.getByTestId('order-confirmation').waitFor({ timeout: 20_000 });
    const confirmation = (await page.getByTestId('order-confirmation').textContent()) ?? '';
    const orderName = /Order (#\d+) is confirmed/.exec(confirmation)?.[1];
    expect(orderName).toBeDefined();
    await page.goto(`${h.origin}/account/orders`);
    await page.getByRole('link', { name: orderName! }).click();
    await page.getByTestId('order-detail').waitFor();
    await shot(page, 'order-detail');
    expect(await page.getByTestId('order-detail').textContent()).toContain(products[1]!.title);
    await context.close();
  }, 90_000);

  it('an out-of-stock variant cannot be bought', async () => {
    const { context, page } = await newPage();
    const product = products[2]!;
    // the page is cached (ISR) while in stock …
    await page.goto(`${h.origin}/p/${product.slug}`);
    expect(await page.getByRole('button', { name: 'Add to cart' }).isEnabled()).toBe(true);
    // … then the stock runs out in the back-office
    const host = new URL(h.origin).hostname;
    const token = await staffToken(h, ['inventory:read', 'inventory:write']);
    const levels = await h.backend.call<{
      stockLevels: { edges: { node: { available: number; warehouse: { id: string } } }[] };
    }>('query($v: ID!) { stockLevels(variantId: $v) { edges { node { available warehouse { id } } } } }', {
      host,
      token,
      variables: { v: product.variantId },
    });
    for (const { node } of levels.data?.stockLevels.edges ?? []) {
      if (node.available <= 0) continue;
      const adjusted = await h.backend.call<{ adjustStock: { userErrors: unknown[] } }>(
        'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { userErrors { code message } } }',
        {
          host,
          token,
          variables: {
            i: {
              variantId: product.variantId,
              warehouseId: node.warehouse.id,
              delta: -node.available,
              reason: 'e2e: sold out',
            },
          },
        },
      );
      expect(adjusted.data?.adjustStock.userErrors).toEqual([]);
    }
    // the stock event reaches /api/revalidate and the page is rebuilt on the next visit
    let soldOut = false;
    for (let i = 0; i < 40 && !soldOut; i++) {
      await page.goto(`${h.origin}/p/${product.slug}`);
      soldOut = await page.getByRole('button', { name: 'Out of stock' }).isVisible();
      if (!soldOut) await new Promise((r) => setTimeout(r, 500));
    }
    await shot(page, 'product-out-of-stock');
    expect(soldOut).toBe(true);
    expect(await page.getByRole('button', { name: 'Out of stock' }).isDisabled()).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'Out of stock' }).count()).toBeGreaterThan(0);
    // and the server refuses it too, whatever a stale page says
    const refused = await h.backend.call<{ createCart: { cart: unknown; userErrors: { code: string }[] } }>(
      'mutation($i: CreateCartInput!) { createCart(input: $i) { cart { id } userErrors { code } } }',
      { host, variables: { i: { lines: [{ variantId: product.variantId, quantity: 1 }] } } },
    );
    expect(refused.data?.createCart.userErrors.map((e) => e.code)).toContain('OUT_OF_STOCK');
    await context.close();
  }, 90_000);

  it('a declined card shows a clear error and keeps the cart', async () => {
    const { context, page } = await newPage();
    const product = products[3]!;
    await addToCart(page, product);
    await checkout(page, '4000 0000 0000 0002', 'declined@example.com');
    const alert = page.getByTestId('payment-error');
    await alert.waitFor({ timeout: 20_000 });
    await shot(page, 'payment-declined');
    expect(await alert.textContent()).toMatch(/declined.*Nothing was charged and your cart is saved/s);
    // still on the payment step, and the cart still holds the product
    expect(page.url()).toContain('/checkout');
    await page.goto(`${h.origin}/cart`);
    expect(await page.getByRole('link', { name: product.title }).isVisible()).toBe(true);
    await context.close();
  }, 90_000);
});
