import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { SearchBox } from '../../molecules/search-box/search-box.tsx';
import { ThemeProvider } from '../../theme/theme-provider.tsx';
import { demoCategories } from '../../utils/demo-data.ts';
import { Header } from './header.tsx';

const meta = {
  title: 'Organisms/Header',
  component: Header,
  parameters: { bleed: true },
  args: {
    storeName: 'Acme Outdoor Co.',
    navigation: demoCategories.map((link, index) => ({ ...link, current: index === 1 })),
    search: <SearchBox />,
    cartHref: '#cart',
    signInHref: '#sign-in',
    homeHref: '#home',
  },
} satisfies Meta<typeof Header>;
export default meta;
type Story = StoryObj<typeof meta>;

export const SignedOut: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('banner')).toBeVisible();
    await expect(canvas.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(canvas.getByRole('link', { name: 'Footwear' })).toHaveAttribute('aria-current', 'page');
    await expect(canvas.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect(canvas.getByRole('link', { name: 'Cart, 0 items' })).toBeVisible();
    await expect(canvas.getByRole('search')).toBeVisible();
  },
};

export const SignedInWithCart: Story = {
  args: { account: { name: 'Ada Lovelace', href: '#account' }, cartCount: 3, onCartClick: fn() },
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Cart, 3 items' }));
    await expect(args.onCartClick).toHaveBeenCalledOnce();
    await expect(canvas.getByRole('link', { name: 'Ada Lovelace' })).toBeVisible();
  },
};

export const WithAnnouncement: Story = { args: { announcement: 'Free delivery on orders over €50 · 30-day returns' } };

/** The tenant's logo, from ThemeProvider. */
export const WithLogo: Story = {
  args: { storeName: undefined },
  decorators: [
    (Story) => (
      <ThemeProvider
        theme={{
          name: 'Acme Outdoor Co.',
          colours: { brand: '#0b6e4f' },
          logo: {
            alt: 'Acme Outdoor Co.',
            src: `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 32"><path d="M4 28 16 4l12 24z" fill="#0b6e4f"/><text x="34" y="23" font-family="sans-serif" font-size="17" font-weight="700" fill="#14171c">Acme Outdoor</text></svg>')}`,
          },
        }}
      >
        {Story()}
      </ThemeProvider>
    ),
  ],
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('img', { name: 'Acme Outdoor Co.' })).toBeVisible();
  },
};

/** A phone: the navigation folds behind the menu button. */
export const PhoneMenu: Story = {
  decorators: [(Story) => <div style={{ width: 375, border: '1px dashed #888' }}>{Story()}</div>],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = canvas.getByRole('button', { name: 'Menu' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(canvas.queryByRole('navigation', { name: 'Main' })).toBeNull();
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(canvas.getByRole('navigation', { name: 'Main' })).toBeVisible();
  },
};
