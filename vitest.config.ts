import { defineConfig } from 'vitest/config';

/**
 * One vitest run for the whole repo (`npm test` → scripts/test.ts → `vitest run`), split into projects:
 * - packages: every workspace's tests, against one real PostgreSQL started by the global setup
 *   (DATABASE_URL when set, otherwise embedded);
 * - scripts: the repo tooling's own tests (architecture rules ...), no database.
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
          include: ['subgraphs/*/{src,test}/**/*.test.ts', 'supergraph/{src,test}/**/*.test.ts'],
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
    ],
  },
});
