import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { Badge } from '../atoms/badge/badge.tsx';
import { Button } from '../atoms/button/button.tsx';
import { Checkbox } from '../atoms/checkbox/checkbox.tsx';
import { Input } from '../atoms/input/input.tsx';
import { Link } from '../atoms/link/link.tsx';
import { Alert } from '../molecules/alert/alert.tsx';
import { FormField } from '../molecules/form-field/form-field.tsx';
import { contrastRatio, formatRatio, parseHex } from './contrast.ts';
import { demoThemes } from './demo-themes.ts';
import { checkTenantTheme, LIGHT_BACKGROUND } from './tenant-theme.ts';
import { ThemeProvider } from './theme-provider.tsx';

function Sample() {
  return (
    <div style={{ display: 'grid', gap: '1rem', padding: '1.5rem', maxWidth: 520 }}>
      <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
        <Button>Add to cart</Button>
        <Button variant="secondary">Save for later</Button>
        <Badge tone="accent" variant="solid">
          Sale
        </Badge>
      </div>
      <p style={{ margin: 0 }}>
        Read our <Link href="#returns">returns policy</Link> before you order.
      </p>
      <Checkbox label="Keep me signed in" defaultChecked />
    </div>
  );
}

const meta = {
  title: 'Foundations/Tenant theme',
  component: ThemeProvider,
  parameters: { bleed: true },
  args: { onThemeRejected: fn(), children: <Sample /> },
} satisfies Meta<typeof ThemeProvider>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

/** A tenant's brand colour, font and radius, applied at run time as CSS variables. */
export const Accepted: Story = {
  args: { theme: demoThemes.acme, mode: 'light' },
  play: async ({ canvasElement }) => {
    // the innermost provider: the story's, inside the toolbar's
    const root = [...canvasElement.querySelectorAll<HTMLElement>('.mds-theme')].at(-1) as HTMLElement;
    await expect(root).toHaveAttribute('data-state', 'accepted');
    const check = checkTenantTheme(demoThemes.acme);
    await expect(root.style.getPropertyValue('--mds-color-brand')).toBe(
      check.ok ? check.tokens['--mds-color-brand'] : 'refused',
    );
    const button = within(canvasElement).getByRole('button', { name: 'Add to cart' });
    await expect(getComputedStyle(button).backgroundColor).toBe('rgb(11, 110, 79)');
  },
};

export const SerifAndSquare: Story = { args: { theme: demoThemes.noir } };

export const Rounded: Story = { args: { theme: demoThemes.bloom } };

/** An unreadable brand colour is refused: the store keeps the default look and the app is told why. */
export const Refused: Story = {
  args: { theme: demoThemes.unreadable, mode: 'light' },
  play: async ({ args, canvasElement }) => {
    await expect(canvasElement.querySelector('[data-state="rejected"]')).not.toBeNull();
    await waitFor(() =>
      expect(args.onThemeRejected).toHaveBeenCalledWith([
        expect.objectContaining({ field: 'colours.brand', code: 'LOW_CONTRAST' }),
      ]),
    );
    const button = within(canvasElement).getByRole('button', { name: 'Add to cart' });
    // the default brand colour, not the yellow
    await expect(getComputedStyle(button).backgroundColor).toBe('rgb(47, 74, 208)');
  },
};

/** A region can set its own mode: a dark promotional band inside a light page. */
export const NestedDark: Story = {
  args: { mode: 'light' },
  render: (args) => (
    <ThemeProvider {...args}>
      <Sample />
      <ThemeProvider mode="dark">
        <Sample />
      </ThemeProvider>
    </ThemeProvider>
  ),
};

/** The check the back-office runs while an operator picks colours: problems appear next to the field. */
export const BrandColourPicker: Story = {
  render: function Render() {
    const [brand, setBrand] = useState('#0b6e4f');
    const check = checkTenantTheme({ colours: { brand } });
    const problem = check.ok ? undefined : check.problems[0]?.message;
    const valid = parseHex(brand);
    return (
      <div style={{ display: 'grid', gap: '1rem', padding: '1.5rem', maxWidth: 520 }}>
        <FormField
          label="Brand colour"
          hint={
            valid && check.ok
              ? `Contrast on white: ${formatRatio(contrastRatio(brand, LIGHT_BACKGROUND))}`
              : 'A #rrggbb colour'
          }
          error={problem}
        >
          <Input value={brand} onChange={(event) => setBrand(event.currentTarget.value)} spellCheck={false} />
        </FormField>
        <ThemeProvider theme={check.ok ? { colours: { brand } } : undefined} mode="light">
          <Sample />
        </ThemeProvider>
        {check.ok ? (
          <Alert tone="success" title="Readable">
            This colour can be saved.
          </Alert>
        ) : null}
      </div>
    );
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const field = canvas.getByRole('textbox', { name: 'Brand colour' });
    await expect(field).toHaveAccessibleDescription(/Contrast on white: \d/);
    await userEvent.clear(field);
    await userEvent.type(field, '#ffe14d');
    await expect(field).toBeInvalid();
    await expect(field).toHaveAccessibleDescription(
      /#ffe14d on the light page background has a contrast of 1\.\d\d:1; text needs at least 4\.5:1\./,
    );
  },
};
