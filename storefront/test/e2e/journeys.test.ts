import { join } from 'node:path';
import { totpCode } from '@meridian/kit';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, type Harness, staffToken, startHarness } from './harness.ts';

/**
 * The storefront's main journeys in Chromium against the real backend: a guest buys; a customer signs up, buys and
 * finds the order; an out-of-stock variant cannot be bought; a declined card says so and keeps the cart; two-step
 * sign-in; a guest's cart joins the customer's on sign-in; the address book; the tenant's theme; a wholesale
 * customer sees and pays their group's price.
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
  expect(products.length).toBeGreaterThanOrEqual(6);
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

type ListedPage = {
  products: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { title: string } }[];
  };
};

/** A customer account made through the graph (as the sign-up page would), with its first access token. */
async function customer(name: string): Promise<{ email: string; password: string; token: string }> {
  const email = `e2e-${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}@example.com`;
  const password = 'correct horse battery staple 42';
  const r = await h.backend.call<{
    signUpCustomer: { tokens: { accessToken: string } | null; userErrors: { message: string }[] };
  }>(
    'mutation($i: SignUpCustomerInput!) { signUpCustomer(input: $i) { tokens { accessToken } userErrors { message } } }',
    { host: new URL(h.origin).hostname, variables: { i: { name, email, password } } },
  );
  const token = r.data?.signUpCustomer.tokens?.accessToken;
  if (!token) throw new Error(`sign-up failed: ${JSON.stringify(r.errors ?? r.data?.signUpCustomer.userErrors)}`);
  return { email, password, token };
}

/** Fills the storefront's sign-in form and submits it (the code step, when it comes, is the test's to answer). */
async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${h.origin}/account/sign-in`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Fills the design system's AddressForm (the account's address book and checkout use the same one). */
async function fillAddress(
  page: Page,
  a: { name: string; line1: string; postalCode: string; city: string; region: string; country: string },
): Promise<void> {
  await page.getByLabel('Full name').fill(a.name);
  await page.getByLabel('Street and number').fill(a.line1);
  await page.getByLabel('Postal code').fill(a.postalCode);
  await page.getByLabel('Town or city').fill(a.city);
  await page.getByLabel(/State, county or province/).fill(a.region);
  await page.getByLabel('Country').selectOption(a.country);
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
  it('two-step sign-in: the code step appears, a wrong code is refused, the right one signs in', async () => {
    const host = new URL(h.origin).hostname;
    const account = await customer('Katherine Johnson');
    const started = await h.backend.call<{
      startMfaEnrolment: { enrolment: { secret: string } | null; userErrors: { message: string }[] };
    }>('mutation { startMfaEnrolment(input: {}) { enrolment { secret } userErrors { message } } }', {
      host,
      token: account.token,
    });
    const secret = started.data?.startMfaEnrolment.enrolment?.secret;
    expect(secret, JSON.stringify(started.errors ?? started.data)).toBeTruthy();
    const enrolledAt = Date.now();
    const confirmed = await h.backend.call<{ confirmMfaEnrolment: { userErrors: { message: string }[] } }>(
      'mutation($i: ConfirmMfaEnrolmentInput!) { confirmMfaEnrolment(input: $i) { userErrors { message } } }',
      { host, token: account.token, variables: { i: { code: totpCode(secret!, { now: enrolledAt }) } } },
    );
    expect(confirmed.data?.confirmMfaEnrolment.userErrors).toEqual([]);

    const { context, page } = await newPage();
    await signIn(page, account);
    const codeField = page.getByLabel('Authentication code');
    await codeField.waitFor();
    await codeField.fill(totpCode(secret!, { now: enrolledAt - 5 * 60_000 }));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText(/The code is wrong/).waitFor();
    expect(page.url()).toContain('/account/sign-in');
    // a code is good once: the enrolment used this 30-second step, so sign in with the next one (inside the window)
    const step = (t: number) => Math.floor(t / 30_000);
    const now = Date.now();
    const code = totpCode(secret!, { now: step(now) <= step(enrolledAt) ? now + 30_000 : now });
    await codeField.fill(code);
    await shot(page, 'sign-in-code');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/account\/orders/);
    await page.getByText('No orders yet').waitFor();
    await context.close();
  }, 90_000);

  it("a guest's cart joins the customer's cart on sign-in", async () => {
    const host = new URL(h.origin).hostname;
    const [inGuestCart, inCustomerCart] = [products[4]!, products[5]!];
    const account = await customer('Mary Jackson');
    const created = await h.backend.call<{ createCart: { cart: { id: string } | null; userErrors: unknown[] } }>(
      'mutation($i: CreateCartInput!) { createCart(input: $i) { cart { id } userErrors { code message } } }',
      {
        host,
        token: account.token,
        variables: { i: { lines: [{ variantId: inCustomerCart.variantId, quantity: 1 }] } },
      },
    );
    expect(created.data?.createCart.userErrors).toEqual([]);
    const { context, page } = await newPage();
    await addToCart(page, inGuestCart);
    await signIn(page, account);
    await page.waitForURL(/\/account\/orders/);
    await page.goto(`${h.origin}/cart`);
    await page.getByRole('link', { name: inGuestCart.title }).first().waitFor();
    await shot(page, 'cart-merged');
    expect(await page.getByRole('link', { name: inCustomerCart.title }).first().isVisible()).toBe(true);
    await context.close();
  }, 90_000);
  it('the search box suggests products while typing; arrows pick one, Enter alone searches', async () => {
    const { context, page } = await newPage();
    const product = products[0]!;
    const word = product.title.split(/\s+/).find((w) => w.length >= 4) ?? product.title;
    await page.goto(h.origin);
    const box = page.getByRole('combobox', { name: 'Search products' });
    await box.pressSequentially(word.slice(0, 4), { delay: 40 });
    const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
    await options.first().waitFor();
    expect(await options.count()).toBeLessThanOrEqual(6);
    await shot(page, 'search-suggestions');
    const first = (await options.first().locator('span').first().textContent()) ?? '';
    await box.press('ArrowDown');
    await box.press('Enter');
    await page.waitForURL(/\/p\//);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(first);
    await page.goto(h.origin);
    await box.fill(word);
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    expect(decodeURIComponent(new URL(page.url()).searchParams.get('q') ?? '')).toBe(word);
    await context.close();
  }, 60_000);
  it('the address book: add (checked here, then by the server), make default, and checkout offers it', async () => {
    const account = await customer('Dorothy Vaughan');
    const { context, page } = await newPage();
    await signIn(page, account);
    await page.waitForURL(/\/account\/orders/);
    await page.goto(`${h.origin}/account/addresses`);
    await page.getByText('No saved addresses').waitFor();
    await page.getByRole('button', { name: 'Add an address' }).click();
    // the client's check: nothing filled in
    await page.getByRole('button', { name: 'Add address' }).click();
    await page.getByText('Enter the full name of the recipient.').first().waitFor();
    // the server's check: a US address needs its state, which the form leaves optional
    await fillAddress(page, {
      name: 'Dorothy Vaughan',
      line1: '1 Market Street',
      postalCode: '94103',
      city: 'San Francisco',
      region: '',
      country: 'US',
    });
    await page.getByRole('button', { name: 'Add address' }).click();
    await page
      .locator('.mds-address__region')
      .getByText(/state or province is required/)
      .waitFor();
    await page.getByLabel(/State, county or province/).fill('CA');
    await page.getByRole('button', { name: 'Add address' }).click();
    const saved = page.getByTestId('saved-address');
    await saved.first().waitFor();
    expect(await saved.first().textContent()).toContain('1 Market Street');
    expect(await saved.first().textContent()).toContain('Default address');
    // a second one, then it becomes the default and moves to the top
    await page.getByRole('button', { name: 'Add an address' }).click();
    await fillAddress(page, {
      name: 'Dorothy Vaughan',
      line1: '2 Mission Street',
      postalCode: '94105',
      city: 'San Francisco',
      region: 'CA',
      country: 'US',
    });
    await page.getByRole('button', { name: 'Add address' }).click();
    await expect.poll(() => saved.count(), { timeout: 15_000 }).toBe(2);
    await page.getByRole('button', { name: /Make default: .*2 Mission Street/ }).click();
    await expect
      .poll(async () => (await saved.first().textContent()) ?? '', { timeout: 15_000 })
      .toContain('2 Mission Street');
    expect(await saved.first().textContent()).toContain('Default address');
    await shot(page, 'address-book');
    // checkout: the saved addresses, the default chosen and filled in
    await addToCart(page, products[0]!);
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.waitForURL(/\/checkout/);
    const shipTo = page.getByRole('group', { name: 'Ship to' });
    await shipTo.waitFor();
    expect(await shipTo.getByRole('radio', { name: /2 Mission Street/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Street and number').inputValue()).toBe('2 Mission Street');
    await shipTo.getByRole('radio', { name: 'A new address' }).check();
    expect(await page.getByLabel('Save to my addresses').isVisible()).toBe(true);
    await shot(page, 'checkout-saved-addresses');
    // and one is deleted from the book
    await page.goto(`${h.origin}/account/addresses`);
    await page.getByRole('button', { name: /Delete .*1 Market Street/ }).click();
    await expect.poll(() => saved.count(), { timeout: 15_000 }).toBe(1);
    await context.close();
  }, 120_000);

  it("the tenant's theme: a brand colour set in the back-office is on the home page at once (the settings event revalidates it)", async () => {
    const host = new URL(h.origin).hostname;
    const token = await staffToken(h, ['settings:read', 'settings:write']);
    const brand = '#0b5d3b';
    const updated = await h.backend.call<{
      updateStorefrontSettings: { storefront: { theme: { brandColour: string | null } } | null; userErrors: unknown[] };
    }>(
      'mutation($i: UpdateStorefrontSettingsInput!) { updateStorefrontSettings(input: $i) { storefront { theme { brandColour } } userErrors { field code message } } }',
      { host, token, variables: { i: { theme: { brandColour: brand } } } },
    );
    expect(updated.data?.updateStorefrontSettings.userErrors, JSON.stringify(updated.errors)).toEqual([]);
    // no manual revalidation: identity announces the change, the suite's subscriber posts it to /api/revalidate
    const { context, page } = await newPage();
    let value = '';
    for (let i = 0; i < 40 && !value.includes(brand); i++) {
      await page.goto(h.origin);
      value = await page
        .locator('.mds-theme')
        .first()
        .evaluate((el) => getComputedStyle(el).getPropertyValue('--mds-color-brand'));
      if (!value.includes(brand)) await new Promise((r) => setTimeout(r, 500));
    }
    await shot(page, 'home-themed');
    expect(value).toContain(brand);
    expect(await page.locator('.mds-theme').first().getAttribute('data-state')).toBe('accepted');
    await context.close();
  }, 60_000);
  it('numbered pages: each shows the next 24 products, and a page past the end is a 404', async () => {
    const host = new URL(h.origin).hostname;
    // every title in the listing's order (the graph gives at most 100 a page)
    const titles: string[] = [];
    let totalCount = 0;
    let after: string | null = null;
    do {
      const r: Awaited<ReturnType<typeof h.backend.call<ListedPage>>> = await h.backend.call<ListedPage>(
        'query($a: String) { products(first: 100, after: $a, sort: NEWEST) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } }',
        { host, variables: { a: after } },
      );
      const products = r.data?.products;
      titles.push(...(products?.edges.map((e) => e.node.title) ?? []));
      totalCount = products?.totalCount ?? 0;
      after = products?.pageInfo.hasNextPage ? products.pageInfo.endCursor : null;
    } while (after);
    const pages = Math.ceil(totalCount / 24);
    expect(pages).toBeGreaterThanOrEqual(3);
    const { context, page } = await newPage();
    for (const n of [2, pages]) {
      await page.goto(`${h.origin}/search?sort=newest&page=${n}`);
      const shown = await page.locator('.mds-product-card__name').allTextContents();
      expect(shown.length).toBeGreaterThan(0);
      expect(shown[0]?.trim()).toBe(titles[(n - 1) * 24]);
    }
    const past = await page.goto(`${h.origin}/search?sort=newest&page=${pages + 1}`);
    expect(past?.status()).toBe(404);
    await context.close();
  }, 60_000);

  it("a wholesale customer sees their group's price on the (cached, public) product page and pays it", async () => {
    const host = new URL(h.origin).hostname;
    // a product the other journeys leave alone whose wholesale price differs (the demo's wholesale list prices the
    // 40 oldest products; staff may preview any group's prices)
    type Priced = { unitPrice: { amount: string; currencyCode: string } } | null;
    type Candidate = { slug: string; title: string; variants: { available: number; pub: Priced; group: Priced }[] };
    const staff = await staffToken(h, ['catalog:read']);
    const taken = new Set(products.slice(0, 6).map((p) => p.slug));
    let product: Candidate | undefined;
    let after: string | null = null;
    do {
      type Page = {
        products: { pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: { node: Candidate }[] };
      };
      const r: Awaited<ReturnType<typeof h.backend.call<Page>>> = await h.backend.call<Page>(
        'query($a: String) { products(first: 100, after: $a, sort: NEWEST, filter: { inStock: true }) { pageInfo { endCursor hasNextPage } edges { node { slug title variants { available pub: price { unitPrice { amount currencyCode } } group: price(customerGroup: "wholesale") { unitPrice { amount currencyCode } } } } } } }',
        { host, token: staff, variables: { a: after } },
      );
      expect(r.errors).toBeUndefined();
      product = r.data?.products.edges
        .map((e) => e.node)
        .find((p) => {
          const v = p.variants[0];
          return (
            p.variants.length === 1 &&
            !taken.has(p.slug) &&
            v !== undefined &&
            v.available > 3 &&
            v.pub &&
            v.group &&
            v.group.unitPrice.amount !== v.pub.unitPrice.amount
          );
        });
      after = r.data?.products.pageInfo.hasNextPage ? r.data.products.pageInfo.endCursor : null;
    } while (!product && after);
    expect(product).toBeDefined();
    const variant = product!.variants[0]!;
    const money = (m: { amount: string; currencyCode: string }) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currencyCode }).format(Number(m.amount));
    const [publicPrice, wholesalePrice] = [money(variant.pub!.unitPrice), money(variant.group!.unitPrice)];
    expect(wholesalePrice).not.toBe(publicPrice);

    // a guest gets the public price and asks for nothing more than the header's session
    const guest = await newPage();
    const actions: string[] = [];
    guest.page.on('request', (r) => {
      if (r.method() === 'POST' && r.headers()['next-action']) actions.push(r.url());
    });
    await guest.page.goto(`${h.origin}/p/${product!.slug}`);
    await guest.page.waitForLoadState('networkidle');
    expect(await guest.page.locator('.sf-purchase__price').textContent()).toContain(publicPrice);
    expect(await guest.page.getByTestId('your-price').count()).toBe(0);
    expect(actions).toHaveLength(1);
    await guest.context.close();

    // the back-office puts a new customer in the wholesale group; they sign in on the store
    const account = await customer('Wholesale Buyer');
    const me = await h.backend.call<{ me: { id: string } }>('{ me { id } }', { host, token: account.token });
    const grouped = await h.backend.call<{
      setCustomerGroup: { user: { customerGroup: string | null } | null; userErrors: unknown[] };
    }>(
      'mutation($i: SetCustomerGroupInput!) { setCustomerGroup(input: $i) { user { customerGroup } userErrors { field code message } } }',
      {
        host,
        token: await staffToken(h, ['users:read', 'users:write']),
        variables: { i: { userId: me.data?.me.id, customerGroup: 'wholesale' } },
      },
    );
    expect(grouped.data?.setCustomerGroup.userErrors, JSON.stringify(grouped.errors)).toEqual([]);
    expect(grouped.data?.setCustomerGroup.user?.customerGroup).toBe('wholesale');
    const { context, page } = await newPage();
    await signIn(page, account);
    await page.waitForURL(/\/account\/orders/);
    await page.goto(`${h.origin}/p/${product!.slug}`);
    const yours = page.getByTestId('your-price');
    await yours.waitFor();
    await shot(page, 'product-your-price');
    expect(await yours.textContent()).toContain(`Your price ${wholesalePrice}`);
    expect(await yours.locator('s').textContent()).toBe(publicPrice);
    // screen readers hear both prices, not just the struck-through figure
    expect(await yours.locator('.mds-visually-hidden').allTextContents()).toContain(', regular price ');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    const drawer = page.getByRole('dialog', { name: /Your cart \(1 item\)/ });
    await drawer.waitFor();
    expect(await drawer.textContent()).toContain(wholesalePrice);
    await page.goto(`${h.origin}/cart`);
    const line = page.getByRole('link', { name: product!.title }).first();
    await line.waitFor();
    await shot(page, 'cart-wholesale');
    expect(await page.locator('main').textContent()).toContain(wholesalePrice);
    await context.close();
  }, 120_000);
});
