import { getSitemapEntries } from '../../../../lib/catalog.ts';
import { publicOrigin } from '../../../../lib/origin.ts';
import { type SiteParams, siteOf } from '../../../../lib/site.ts';

export const revalidate = 600;
export function generateStaticParams() {
  return [];
}

const xml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** sitemap.xml of a store: home, categories and every product, with the products' last change. */
export async function GET(_: Request, { params }: { params: Promise<SiteParams> }) {
  const site = siteOf(await params);
  const entries = site ? await getSitemapEntries(site) : null;
  if (!site || !entries) return new Response('Not found', { status: 404 });
  const origin = publicOrigin(site.host);
  const urls = [
    `<url><loc>${xml(`${origin}/`)}</loc><changefreq>daily</changefreq></url>`,
    ...entries.categories.map((slug) => `<url><loc>${xml(`${origin}/c/${slug}`)}</loc></url>`),
    ...entries.products.map(
      (p) => `<url><loc>${xml(`${origin}/p/${p.slug}`)}</loc><lastmod>${xml(p.updatedAt)}</lastmod></url>`,
    ),
  ];
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
  return new Response(body, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
}
