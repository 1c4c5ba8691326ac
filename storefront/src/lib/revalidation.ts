import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Catalog, inventory and storefront-settings events, as the suite's `storefront.revalidate-*` subscribers post them to /api/revalidate,
 * signed with HMAC-SHA256 over the raw body (MERIDIAN_REVALIDATE_SECRET, shared by the suite and this app).
 */
export interface RevalidationNotice {
  tenantId: string;
  /** The tenant's host names (for the follow-up lookups through the gateway). */
  hosts: string[];
  type: string;
  productIds?: string[];
  variantId?: string;
  available?: number;
}

export const SIGNATURE_HEADER = 'x-meridian-signature';

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verify(secret: string, body: string, signature: string | null): boolean {
  if (!signature) return false;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
