import 'server-only';
import { notFound } from 'next/navigation';
import { localeOf, type Site, type SiteParams, siteOf } from './site.ts';
import { getTenant, type StoreTenant } from './tenant.ts';

/** Every page's first step: the store and market from the route, or a 404 for an unknown host. */
export async function storeOf(
  params: Promise<SiteParams>,
): Promise<{ site: Site; tenant: StoreTenant; locale: string }> {
  const site = siteOf(await params);
  if (!site) notFound();
  const tenant = await getTenant(site.host);
  if (!tenant) notFound();
  return { site, tenant, locale: localeOf(site.market, tenant) };
}
