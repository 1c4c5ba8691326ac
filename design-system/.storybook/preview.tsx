import type { Decorator, Preview } from '@storybook/react-vite';
import { type DemoThemeName, demoThemes } from '../src/theme/demo-themes.ts';
import { type ColourMode, ThemeProvider } from '../src/theme/theme-provider.tsx';

/** Every story runs inside the theme the toolbar picks (colour mode and tenant), as an app would render it. */
const withTheme: Decorator = (Story, context) => {
  const mode = (context.globals.mode ?? 'light') as ColourMode;
  const tenant = (context.globals.tenant ?? 'meridian') as DemoThemeName;
  // templates and shells fill the frame; everything else gets breathing room
  const bleed = context.parameters.bleed === true;
  return (
    <ThemeProvider theme={demoThemes[tenant]} mode={mode} style={{ minHeight: '100vh', padding: bleed ? 0 : '1.5rem' }}>
      <Story />
    </ThemeProvider>
  );
};

const preview: Preview = {
  decorators: [withTheme],
  parameters: {
    layout: 'fullscreen',
    controls: { matchers: { color: /(background|colou?r)$/i, date: /Date$/i } },
    // axe runs on every story; a violation fails the story test (and shows red in the a11y panel)
    a11y: { test: 'error' },
  },
  globalTypes: {
    mode: {
      description: 'Colour mode',
      toolbar: {
        title: 'Mode',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
          { value: 'system', title: 'System' },
        ],
        dynamicTitle: true,
      },
    },
    tenant: {
      description: 'Tenant theme',
      toolbar: {
        title: 'Tenant',
        icon: 'paintbrush',
        items: Object.keys(demoThemes).map((value) => ({ value, title: value })),
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { mode: 'light', tenant: 'meridian' },
  tags: ['test'],
};

export default preview;
