import type { NextConfig } from 'next';

/**
 * The storefront serves every tenant from one build: src/proxy.ts turns the host name (and the shopper's locale
 * and currency) into the first path segments, so each tenant's pages are cached (ISR) apart.
 */
const config: NextConfig = {
  // the design system ships TypeScript source (exports → src), like every workspace
  transpilePackages: ['@meridian/design-system'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run build` builds into .next; the end-to-end tests build into their own folder (MERIDIAN_NEXT_DIST_DIR)
  ...(process.env.MERIDIAN_NEXT_DIST_DIR ? { distDir: process.env.MERIDIAN_NEXT_DIST_DIR } : {}),
  typescript: { tsconfigPath: 'tsconfig.json' },
  images: { unoptimized: true },
  experimental: {
    // one import of @meridian/design-system pulls only the components a page uses
    optimizePackageImports: ['@meridian/design-system'],
  },
};

export default config;
