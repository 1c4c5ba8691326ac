import type { ProductQuery } from '../__generated__/graphql.ts';

type Product = NonNullable<ProductQuery['product']>;

/** schema.org Product with one Offer per variant that has a price (Google's merchant listing fields). */
export function productJsonLd(product: Product, origin: string) {
  const url = `${origin}/p/${product.slug}`;
  const offers = product.variants
    .filter((v) => v.price)
    .map((v) => ({
      '@type': 'Offer',
      sku: v.sku,
      name: v.title,
      url,
      price: v.price?.unitPrice.amount,
      priceCurrency: v.price?.unitPrice.currencyCode,
      availability: v.inStock && v.available > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
      itemCondition: 'https://schema.org/NewCondition',
    }));
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description:
      product.seo.description ??
      product.descriptionHtml
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    sku: product.variants[0]?.sku,
    url,
    image: product.media.map((m) => (m.url.startsWith('data:') ? undefined : m.url)).filter(Boolean),
    category: product.categories[0]?.title,
    offers:
      offers.length === 1
        ? offers[0]
        : {
            '@type': 'AggregateOffer',
            offerCount: offers.length,
            lowPrice: product.priceRange?.min.amount,
            highPrice: product.priceRange?.max.amount,
            priceCurrency: product.priceRange?.min.currencyCode,
            offers,
          },
  };
}
