import { parseEnv, type Tenant } from '@meridian/kit';
import { describe, expect, it } from 'vitest';
import { storefrontLinks } from '../src/services.ts';

const tenant = (hosts: string[]) => ({ slug: 'acme', hosts }) as unknown as Tenant;

describe('emailed links', () => {
  it('carry the storefront port on *.localhost hosts, where development serves the store', () => {
    const links = storefrontLinks(parseEnv({ STOREFRONT_PORT: '3123' }).STOREFRONT_PORT);
    expect(links.invitation(tenant(['acme.localhost']), 'miv_a b')).toBe(
      'http://acme.localhost:3123/account/accept-invitation?token=miv_a%20b',
    );
    expect(links.passwordReset(tenant([]), 'mpr_x')).toBe(
      'http://acme.localhost:3123/account/reset-password?token=mpr_x',
    );
  });

  it('default to port 3000, the one npm start serves the storefront on', () => {
    const links = storefrontLinks(parseEnv({}).STOREFRONT_PORT);
    expect(links.passwordReset(tenant(['acme.localhost']), 't')).toBe(
      'http://acme.localhost:3000/account/reset-password?token=t',
    );
  });

  it('leave public hosts on https without a port, and .test hosts on plain http', () => {
    const links = storefrontLinks(3123);
    expect(links.invitation(tenant(['shop.acme.com', 'acme.localhost']), 't')).toBe(
      'https://shop.acme.com/account/accept-invitation?token=t',
    );
    expect(links.invitation(tenant(['shop.acme.test']), 't')).toBe(
      'http://shop.acme.test/account/accept-invitation?token=t',
    );
  });
});
