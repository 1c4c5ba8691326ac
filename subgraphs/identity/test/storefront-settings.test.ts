import { outbox, tenantCurrencies, withTenant } from '@meridian/kit';
import type { TestClient } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, startIdentity } from './identity-harness.ts';

let h: IdentityHarness;
let owner: TestClient;
beforeAll(async () => {
  h = await startIdentity();
  await h.createUser({ email: 'owner@shop.test', roles: ['owner'] });
  owner = await h.withToken((await h.signIn('owner@shop.test')).tokens!.accessToken);
});
afterAll(async () => {
  await h?.close();
});

const themeFields = 'brandColour brandColourDark accentColour logoUrl logoAlt fontFamily fontStylesheet radius';
const storefrontFields = `currencies defaultCurrency locale theme { ${themeFields} }`;

interface Storefront {
  currencies: string[];
  defaultCurrency: string;
  locale: string;
  theme: Record<string, string | null>;
}
interface Payload {
  updateStorefrontSettings: { storefront: Storefront | null; userErrors: { field: string[]; code: string }[] };
}

const update = (input: Record<string, unknown>, client: TestClient = owner) =>
  client.request<Payload>(
    `mutation($input: UpdateStorefrontSettingsInput!) { updateStorefrontSettings(input: $input) { storefront { ${storefrontFields} } userErrors { field code message } } }`,
    { input },
  );

/** What the storefront sees: anonymous, by host. */
const current = async () =>
  (
    await h.t
      .asAnonymous()
      .request<{ currentTenant: { storefront: Storefront } }>(
        `{ currentTenant { storefront { ${storefrontFields} } } }`,
      )
  ).data!.currentTenant.storefront;

const auditActions = async () =>
  (
    await h.t
      .asTenantAdmin()
      .request<{ auditLog: { edges: { node: { action: string } }[] } }>(
        '{ auditLog(first: 100) { edges { node { action } } } }',
      )
  ).data!.auditLog.edges.map((e) => e.node.action);

const allNull = {
  brandColour: null,
  brandColourDark: null,
  accentColour: null,
  logoUrl: null,
  logoAlt: null,
  fontFamily: null,
  fontStylesheet: null,
  radius: null,
};

describe('storefront settings', () => {
  it('reads the defaults, publicly, before anything is set (the currencies catalog uses)', async () => {
    expect(await current()).toEqual({
      currencies: ['USD', 'EUR', 'GBP'],
      defaultCurrency: 'USD',
      locale: 'en-US',
      theme: allNull,
    });
    expect(tenantCurrencies(h.tenant)).toEqual(['USD', 'EUR', 'GBP']);
  });

  it('updates, normalises, audits, and serves the new settings on the next request', async () => {
    const result = await update({
      currencies: ['eur', ' CHF '],
      locale: 'DE-ch',
      theme: {
        brandColour: '#1D4ED8',
        radius: 'LARGE',
        logoUrl: 'https://cdn.example.com/logo.svg',
        logoAlt: 'Shop',
        fontFamily: '"Inter", system-ui, sans-serif',
        fontStylesheet: 'https://fonts.example.com/inter.css',
      },
    });
    expect(result.data?.updateStorefrontSettings.userErrors).toEqual([]);
    const expected = {
      currencies: ['EUR', 'CHF'],
      defaultCurrency: 'EUR',
      locale: 'de-CH',
      theme: {
        ...allNull,
        brandColour: '#1d4ed8',
        radius: 'LARGE',
        logoUrl: 'https://cdn.example.com/logo.svg',
        logoAlt: 'Shop',
        fontFamily: '"Inter", system-ui, sans-serif',
        fontStylesheet: 'https://fonts.example.com/inter.css',
      },
    };
    expect(result.data?.updateStorefrontSettings.storefront).toEqual(expected);
    expect(await current()).toEqual(expected);
    // Catalog and commerce read the same value through the kit.
    expect(tenantCurrencies(await h.t.platform.tenants.byId(h.tenant.id))).toEqual(['EUR', 'CHF']);
    expect((await auditActions())[0]).toBe('storefront_settings.update');
  });

  it('changes only the theme fields given: absent kept, null or empty cleared', async () => {
    const result = await update({ theme: { accentColour: '#B91C1C', logoUrl: null, logoAlt: '', radius: null } });
    expect(result.data?.updateStorefrontSettings.userErrors).toEqual([]);
    expect((await current()).theme).toEqual({
      ...allNull,
      brandColour: '#1d4ed8',
      accentColour: '#b91c1c',
      fontFamily: '"Inter", system-ui, sans-serif',
      fontStylesheet: 'https://fonts.example.com/inter.css',
    });
    expect((await current()).currencies).toEqual(['EUR', 'CHF']);
  });

  it('keeps both of two theme changes made at once', async () => {
    const [a, b] = await Promise.all([
      update({ theme: { brandColour: '#0f766e' } }),
      update({ theme: { fontFamily: 'Georgia, serif' } }),
    ]);
    expect([a.data?.updateStorefrontSettings.userErrors, b.data?.updateStorefrontSettings.userErrors]).toEqual([
      [],
      [],
    ]);
    expect((await current()).theme).toMatchObject({ brandColour: '#0f766e', fontFamily: 'Georgia, serif' });
  });

  it.each([
    ['no currency', { currencies: [] }, ['input.currencies', 'REQUIRED']],
    ['a repeated currency', { currencies: ['USD', 'usd'] }, ['input.currencies.1', 'DUPLICATE']],
    ['an unknown currency', { currencies: ['USD', 'XYZ'] }, ['input.currencies.1', 'INVALID']],
    ['a malformed locale', { locale: 'not a locale' }, ['input.locale', 'INVALID']],
    ['a locale Intl cannot format', { locale: 'xx' }, ['input.locale', 'INVALID']],
    ['a colour that is none', { theme: { brandColour: 'blue' } }, ['input.theme.brandColour', 'INVALID_COLOUR']],
    ['a low-contrast brand colour', { theme: { brandColour: '#ffeb3b' } }, ['input.theme.brandColour', 'LOW_CONTRAST']],
    ['a low-contrast accent', { theme: { accentColour: '#a3e635' } }, ['input.theme.accentColour', 'LOW_CONTRAST']],
    ['a script as logo', { theme: { logoUrl: 'javascript:alert(1)' } }, ['input.theme.logoUrl', 'INVALID_LOGO']],
    [
      'a logo without text',
      { theme: { logoUrl: 'https://x.test/l.png' } },
      ['input.theme.logoAlt', 'MISSING_LOGO_ALT'],
    ],
    [
      'a huge embedded logo',
      { theme: { logoUrl: `data:image/png;base64,${'A'.repeat(3000)}`, logoAlt: 'Logo' } },
      ['input.theme.logoUrl', 'TOO_LONG'],
    ],
    [
      'CSS in the font',
      { theme: { fontFamily: 'x; } body { display: none' } },
      ['input.theme.fontFamily', 'INVALID_FONT'],
    ],
    [
      'a font over http',
      { theme: { fontStylesheet: 'http://fonts.example.com/x.css' } },
      ['input.theme.fontStylesheet', 'INVALID_FONT'],
    ],
    [
      'good currencies with a bad theme',
      { currencies: ['JPY'], theme: { brandColour: '#eeeeee' } },
      ['input.theme.brandColour', 'LOW_CONTRAST'],
    ],
  ])('refuses %s, naming the field, and writes nothing', async (_name, input, [field, code]) => {
    const before = await current();
    const audits = (await auditActions()).length;
    const result = await update(input);
    expect(result.data?.updateStorefrontSettings.storefront).toBeNull();
    expect(result.data?.updateStorefrontSettings.userErrors.map((e) => [e.field.join('.'), e.code])).toContainEqual([
      field,
      code,
    ]);
    expect(await current()).toEqual(before);
    expect((await auditActions()).length).toBe(audits);
  });

  it('announces a real change to the storefront in the same transaction; a refused or no-op change announces nothing', async () => {
    const drain = () => withTenant(h.t.platform.database, h.tenant, (tx) => tx.delete(outbox).returning());
    const announced = async () =>
      (await drain())
        .filter((e) => e.type === 'identity.storefront-settings.changed')
        .map((e) => (e.payload as { changed: string[] }).changed);
    await drain();
    await update({ locale: 'fr-FR', theme: { accentColour: '#7c3aed' } });
    expect(await announced()).toEqual([['locale', 'theme']]);
    await update({ locale: 'fr-FR' });
    expect(await announced()).toEqual([]);
    const refused = await update({ locale: 'fr-FR', theme: { brandColour: '#ffff00' } });
    expect(refused.data?.updateStorefrontSettings.userErrors.length).toBeGreaterThan(0);
    expect(await announced()).toEqual([]);
  });

  it('is refused to shoppers, staff without settings:write and anonymous callers', async () => {
    await h.createUser({ email: 'shopper@shop.test', roles: [], kind: 'customer' });
    await h.createUser({ email: 'sales@shop.test', roles: ['sales'] });
    const shopper = await h.withToken((await h.signIn('shopper@shop.test')).tokens!.accessToken);
    const sales = await h.withToken((await h.signIn('sales@shop.test')).tokens!.accessToken);
    const before = await current();
    for (const client of [shopper, sales, h.t.asAnonymous()]) {
      const result = await update({ currencies: ['JPY'] }, client);
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await current()).toEqual(before);
  });

  it("keeps each tenant's settings apart", async () => {
    const other = await h.t.createTenant('other-shop');
    const theirs = await h.t
      .asAnonymous(other)
      .request<{ currentTenant: { storefront: Storefront } }>(
        `{ currentTenant { storefront { ${storefrontFields} } } }`,
      );
    expect(theirs.data?.currentTenant.storefront).toMatchObject({ currencies: ['USD', 'EUR', 'GBP'], theme: allNull });
  });
});
