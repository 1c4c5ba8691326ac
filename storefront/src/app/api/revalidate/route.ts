import { revalidateTag } from 'next/cache';
import { NextResponse } from 'next/server';
import { graphql } from '../../../__generated__/gql.ts';
import { tags } from '../../../lib/cache-tags.ts';
import { execute } from '../../../lib/graphql-client.ts';
import { type RevalidationNotice, SIGNATURE_HEADER, verify } from '../../../lib/revalidation.ts';
import { tenantHostOf } from '../../../lib/site.ts';

const VariantProductQuery = graphql(`
  query VariantProduct($id: ID!) {
    productVariant(id: $id) {
      id
      product {
        id
      }
    }
  }
`);

/**
 * POST /api/revalidate: a catalog, inventory or storefront-settings event, signed by the suite. The pages and data cached with the event's
 * tags are rebuilt on their next visit (ISR); nothing else is trusted from the body.
 */
export async function POST(request: Request) {
  const secret = process.env.MERIDIAN_REVALIDATE_SECRET;
  if (!secret) return NextResponse.json({ error: 'revalidation is not configured' }, { status: 503 });
  const body = await request.text();
  if (!verify(secret, body, request.headers.get(SIGNATURE_HEADER))) {
    return NextResponse.json({ error: 'bad signature' }, { status: 401 });
  }
  let notice: RevalidationNotice;
  try {
    notice = JSON.parse(body) as RevalidationNotice;
  } catch {
    return NextResponse.json({ error: 'not JSON' }, { status: 400 });
  }
  if (!/^ten_[0-9A-Za-z]{26}$/.test(notice.tenantId ?? ''))
    return NextResponse.json({ error: 'tenant' }, { status: 400 });
  const t = notice.tenantId;
  const toRevalidate = new Set<string>();
  const products = (notice.productIds ?? []).filter((id) => /^prd_[0-9A-Za-z]{26}$/.test(id));
  switch (notice.type) {
    case 'catalog.product.created':
      toRevalidate.add(tags.slugs(t)).add(tags.listings(t));
      break;
    case 'catalog.product.updated':
    case 'catalog.product.archived':
      toRevalidate.add(tags.slugs(t)).add(tags.listings(t));
      for (const id of products) toRevalidate.add(tags.product(t, id));
      break;
    case 'catalog.price.changed':
      toRevalidate.add(tags.listings(t));
      for (const id of products) toRevalidate.add(tags.product(t, id));
      break;
    case 'inventory.stock-changed': {
      const host = (notice.hosts ?? []).map(tenantHostOf).find(Boolean);
      if (host && notice.variantId && /^var_[0-9A-Za-z]{26}$/.test(notice.variantId)) {
        const result = await execute({ host }, VariantProductQuery, { id: notice.variantId });
        const productId = result.data?.productVariant?.product.id;
        if (productId) toRevalidate.add(tags.product(t, productId));
      }
      // a product that sold out or came back changes the listings' badges and the availability facet
      if ((notice.available ?? 1) <= 0) toRevalidate.add(tags.listings(t));
      break;
    }
    case 'identity.storefront-settings.changed':
      // theme, currencies or locale: every page of the host's tenant reads them (getTenant, tagged per host)
      for (const host of (notice.hosts ?? []).map(tenantHostOf)) if (host) toRevalidate.add(tags.host(host));
      break;
    default:
      return NextResponse.json({ revalidated: [] });
  }
  for (const tag of toRevalidate) revalidateTag(tag, { expire: 0 });
  return NextResponse.json({ revalidated: [...toRevalidate] });
}
