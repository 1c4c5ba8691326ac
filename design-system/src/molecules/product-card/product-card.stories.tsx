import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { demoImage } from '../../utils/demo-images.ts';
import { ProductCard, ProductCardSkeleton } from './product-card.tsx';

const meta = {
  title: 'Molecules/ProductCard',
  component: ProductCard,
  args: {
    name: 'Ridgeline trail running shoe',
    href: '#product',
    vendor: 'Acme Outdoor',
    price: { amount: 12900, currency: 'EUR' },
    image: { src: demoImage('product', 'shoe'), alt: 'Trail shoe in moss green, side view' },
  },
  decorators: [(Story) => <div style={{ width: 280 }}>{Story()}</div>],
} satisfies Meta<typeof ProductCard>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // one link per card, named by the product
    const links = canvas.getAllByRole('link');
    await expect(links).toHaveLength(1);
    await expect(links[0]).toHaveAccessibleName('Ridgeline trail running shoe');
    await expect(canvas.getByRole('heading', { level: 3 })).toBeVisible();
  },
};

export const OnSale: Story = {
  args: { compareAt: { amount: 15900, currency: 'EUR' }, badge: { label: '−19%' } },
};

export const WithAddToCart: Story = {
  args: { onAddToCart: fn() },
  play: async ({ args, canvasElement }) => {
    const button = within(canvasElement).getByRole('button', { name: /^Add to cart\W+Ridgeline trail running shoe$/ });
    await userEvent.click(button);
    await expect(args.onAddToCart).toHaveBeenCalledOnce();
  },
};

export const Adding: Story = { args: { onAddToCart: fn(), adding: true } };

export const LowStock: Story = { args: { availability: 'low-stock', onAddToCart: fn() } };

export const OutOfStock: Story = {
  args: { availability: 'out-of-stock', onAddToCart: fn() },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: /^Out of stock/ })).toBeDisabled();
    await expect(canvas.getByText('Sold out')).toBeVisible();
  },
};

export const FromPrice: Story = { args: { fromPrice: true, price: { amount: 8900, currency: 'EUR' } } };

export const NoImage: Story = { args: { image: undefined, badge: { label: 'New', tone: 'brand' } } };

export const Loading: Story = { render: () => <ProductCardSkeleton /> };

/** The locale comes as a prop (the card reads no context, so server components render it). */
export const Localised: Story = {
  args: { locale: 'de-CH', price: { amount: 12900, currency: 'CHF' } },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.mds-price')).toHaveTextContent('CHF 129.00');
  },
};
