/**
 * The storefront's cookies. Tokens and the cart's handle are bearer secrets: httpOnly (no script can read them),
 * SameSite=Lax (not sent on cross-site POSTs), Secure on https. Only this app's server reads them.
 */
export const COOKIE = {
  /** Access token (JWT, 10 minutes); expires a little before the token so a stale one is never sent. */
  access: 'mer_at',
  /** Refresh token (opaque, rotated on every use). */
  refresh: 'mer_rt',
  /** A guest's cart handle `crt_….<key>`; kept until it is merged into the customer's cart at sign-in. */
  cart: 'mer_cart',
  /** The shopper's currency choice (ISO 4217); not a secret. */
  currency: 'mer_currency',
  /** The last placed order's summary for the confirmation page (guests cannot read orders back). */
  lastOrder: 'mer_order',
} as const;

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'lax';
  path: string;
  maxAge?: number;
}

export function cookieOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    ...(maxAgeSeconds !== undefined ? { maxAge: Math.max(0, Math.floor(maxAgeSeconds)) } : {}),
  };
}

/** Seconds from now until an ISO instant, minus a margin (a token must not expire between our check and its use). */
export function secondsUntil(iso: string, marginSeconds = 0): number {
  return (Date.parse(iso) - Date.now()) / 1000 - marginSeconds;
}

/** 30 days for a guest cart handle (the cart itself lives on the server). */
export const CART_COOKIE_MAX_AGE = 60 * 60 * 24 * 30;
