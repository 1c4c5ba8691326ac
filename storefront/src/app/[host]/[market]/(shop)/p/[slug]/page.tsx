import { ProductGallery, ProductPage } from '@meridian/design-system';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import {
  PurchaseForm,
  type PurchaseOption,
  type PurchaseVariant,
} from '../../../../../../components/purchase-form.tsx';
import { getProduct } from '../../../../../../lib/catalog.ts';
import { productJsonLd } from '../../../../../../lib/json-ld.ts';
import { maybeMinorUnits } from '../../../../../../lib/money.ts';
import { publicOrigin } from '../../../../../../lib/origin.ts';
import { storeOf } from '../../../../../../lib/page.ts';
import { currencyOf, type SiteParams } from '../../../../../../lib/site.ts';

type Props = { params: Promise<SiteParams & { slug: string }> };

// ISR: built on first visit, refreshed when catalog or inventory events name this product (or after 10 minutes)
export const revalidate = 600;
export function generateStaticParams() {
  return [];
}

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { site } = await storeOf(params);
  const product = await getProduct(site, (await params).slug);
  if (!product) return {};
  const description = product.seo.description ?? plain(product.descriptionHtml).slice(0, 160);
  return {
    title: product.seo.title?.replace(/\s*\|.*$/, '') ?? product.title,
    description,
    alternates: { canonical: `/p/${product.slug}` },
    openGraph: { title: product.title, description, type: 'website', url: `/p/${product.slug}` },
  };
}

/** A product: gallery, price for the shopper's currency, variants with availability, add to cart; JSON-LD for search engines. */
export default async function ProductDetailPage({ params }: Props) {
  const { site, tenant } = await storeOf(params);
  const product = await getProduct(site, (await params).slug);
  if (!product) notFound();
  const category = product.categories[0];
  const variants: PurchaseVariant[] = product.variants.map((v) => {
    const price = maybeMinorUnits(v.price?.unitPrice) ?? null;
    const list = maybeMinorUnits(v.price?.unitListPrice) ?? null;
    return {
      id: v.id,
      title: v.title,
      options: Object.fromEntries(v.optionValues.map((o) => [o.name, o.value])),
      price,
      compareAt: price && list && list.amount > price.amount ? list : null,
      available: v.inStock ? v.available : 0,
    };
  });
  const options: PurchaseOption[] = product.options.map((o) => ({ name: o.name, values: o.values }));
  const jsonLd = productJsonLd(product, publicOrigin(site.host));
  return (
    <div className="sf-page">
      <ProductPage
        title={product.title}
        breadcrumbs={[
          { label: 'Home', href: '/' },
          ...(category ? [...category.ancestors, category].map((c) => ({ label: c.title, href: `/c/${c.slug}` })) : []),
          { label: product.title },
        ]}
        gallery={
          <ProductGallery
            productName={product.title}
            images={product.media.map((m) => ({ src: m.url, alt: m.alt, width: 800, height: 800 }))}
          />
        }
        price={null}
        purchase={
          <PurchaseForm
            productId={product.id}
            currency={currencyOf(site.market, tenant)}
            options={options}
            variants={variants}
            productName={product.title}
          />
        }
        details={
          <section aria-labelledby="sf-details" className="sf-details">
            <h2 id="sf-details">Details</h2>
            {/* sanitised by the catalog (its descriptionHtml contract) */}
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised HTML from the catalog */}
            <div className="sf-prose" dangerouslySetInnerHTML={{ __html: product.descriptionHtml }} />
            {product.attributes.length > 0 ? (
              <dl className="sf-attributes">
                {product.attributes.map((a) => (
                  <div key={a.key}>
                    <dt>{a.key.charAt(0).toUpperCase() + a.key.slice(1)}</dt>
                    <dd>{a.values.join(', ')}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </section>
        }
      />
      <script
        type="application/ld+json"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON-LD, with < escaped
        dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, '\\u003c') }}
      />
    </div>
  );
}
