import { publicOrigin } from '../../../../lib/origin.ts';
import { type SiteParams, siteOf } from '../../../../lib/site.ts';

export const revalidate = 3600;
export function generateStaticParams() {
  return [];
}

/** robots.txt: everything but the cart, checkout, account and the API; where the sitemap is. */
export async function GET(_: Request, { params }: { params: Promise<SiteParams> }) {
  const site = siteOf(await params);
  if (!site) return new Response('Not found', { status: 404 });
  const body = [
    'User-agent: *',
    'Allow: /',
    'Disallow: /cart',
    'Disallow: /checkout',
    'Disallow: /account',
    'Disallow: /api/',
    '',
    `Sitemap: ${publicOrigin(site.host)}/sitemap.xml`,
    '',
  ].join('\n');
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
