/**
 * The story tests: every Storybook story rendered in Debian's Chromium (headless, through playwright-core), its
 * play function run and axe run over it (violations fail: `a11y.test = 'error'` in .storybook/preview.tsx).
 * The root vitest.config.ts adds one project per colour mode, so `npm test` checks light and dark.
 * No tool may download a browser: the provider launches /usr/bin/chromium (CHROMIUM_PATH to override).
 */
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import type { TestProjectInlineConfiguration } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export function storyTests(mode: 'light' | 'dark'): TestProjectInlineConfiguration {
  return {
    root,
    plugins: [storybookTest({ configDir: `${root}.storybook`, initialGlobals: { mode } })],
    test: {
      name: mode === 'light' ? 'design-system:stories' : `design-system:stories-${mode}`,
      testTimeout: 20_000,
      browser: {
        enabled: true,
        headless: true,
        // a desktop viewport; stories that need a phone set a narrower container themselves
        viewport: { width: 1280, height: 800 },
        screenshotFailures: false,
        provider: playwright({
          // deterministic frames: entry animations (opacity 0 → 1) would make "is it visible?" depend on timing
          contextOptions: { reducedMotion: 'reduce' },
          launchOptions: {
            executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
            args: [
              '--no-sandbox',
              '--disable-gpu',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
              '--no-first-run',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  };
}
