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
