import { defineConfig } from 'vitest/config';
import { storyTests } from './design-system/vitest.stories.ts';

/**
 * One vitest run for the whole repo (`npm test` → scripts/test.ts → `vitest run`), split into projects:
 * - packages: every workspace's tests (the storefront's end-to-end journeys included), against one real PostgreSQL
 *   started by the global setup
 *   (DATABASE_URL when set, otherwise embedded);
 * - scripts: the repo tooling's own tests (architecture rules ...), no database;
 * - design-system: the design system's pure functions (contrast check, formatting ...), in Node;
 * - design-system:stories and design-system:stories-dark (design-system/vitest.stories.ts): every Storybook story
 *   rendered in Debian's Chromium with its interaction test and an axe check, in light and in dark mode.
 * A path filter (`npm test -- subgraphs/kit`) selects files across projects.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'packages',
          include: [
            'subgraphs/*/{src,test}/**/*.test.ts',
            'supergraph/{src,test}/**/*.test.ts',
            // the storefront's shopper journeys: Chromium against the whole backend and a built storefront
            'storefront/test/**/*.test.ts',
          ],
          globalSetup: ['./scripts/test-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'scripts',
          include: ['scripts/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'design-system',
          include: ['design-system/src/**/*.test.ts'],
        },
      },
      storyTests('light'),
      storyTests('dark'),
    ],
  },
});
