import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../src/**/*.stories.tsx'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-vitest'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // react-docgen (not the TypeScript one) keeps cold starts and the story test run fast
  typescript: { reactDocgen: 'react-docgen' },
  viteFinal: (vite) => {
    const onwarn = vite.build?.rolldownOptions?.onwarn;
    vite.build = {
      ...vite.build,
      rolldownOptions: {
        ...vite.build?.rolldownOptions,
        // components say "use client" for the Next.js apps; a single-page Storybook bundle has no use for it
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('use client')) return;
          if (onwarn) onwarn(warning, warn);
          else warn(warning);
        },
      },
    };
    return vite;
  },
};

export default config;
