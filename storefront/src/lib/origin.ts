/**
 * The public origin of a store, for canonical URLs, the sitemap and JSON-LD: https in production; http for local
 * names (`*.localhost`, `*.test`), like identity's emailed links. MERIDIAN_STOREFRONT_PUBLIC_PORT adds a port
 * (`npm start` serves the store on 3000).
 */
export function publicOrigin(host: string): string {
  const local = host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.test');
  const port = process.env.MERIDIAN_STOREFRONT_PUBLIC_PORT;
  return `${local ? 'http' : 'https'}://${host}${port ? `:${port}` : ''}`;
}

/** Currencies offered in the footer's picker; the graph refuses one the shop does not sell (then the default shows). */
export function offeredCurrencies(): string[] {
  return (process.env.MERIDIAN_STOREFRONT_CURRENCIES ?? 'USD,EUR,GBP')
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter((c) => /^[A-Z]{3}$/.test(c));
}
