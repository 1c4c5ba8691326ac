import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { LocaleProvider } from '../../utils/locale-context.tsx';
import { Price } from './price.tsx';
import { PriceText } from './price-text.tsx';

const meta = {
  title: 'Atoms/Price',
  component: Price,
  args: { price: { amount: 12900, currency: 'EUR' } },
} satisfies Meta<typeof Price>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Regular: Story = {
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.mds-price')).toHaveTextContent('€129.00');
  },
};

export const Sale: Story = {
  args: { compareAt: { amount: 15900, currency: 'EUR' } },
  play: async ({ canvasElement }) => {
    const price = canvasElement.querySelector('.mds-price');
    await expect(price).toHaveAttribute('data-state', 'sale');
    // what a screen reader reads, in order
    await expect(price).toHaveTextContent('Sale price €129.00, was €159.00');
  },
};

export const From: Story = { args: { from: true, price: { amount: 1900, currency: 'EUR' } } };

export const Large: Story = { args: { size: 'lg', compareAt: { amount: 15900, currency: 'EUR' } } };

/** The LocaleProvider sets the format; digits follow the currency. */
export const Locales: Story = {
  render: () => (
    <dl style={{ display: 'grid', gridTemplateColumns: 'auto auto', gap: '0.5rem 1.5rem', margin: 0 }}>
      {(
        [
          ['en', { amount: 123450, currency: 'USD' }],
          ['de-DE', { amount: 123450, currency: 'EUR' }],
          ['fr-CH', { amount: 123450, currency: 'CHF' }],
          ['ja-JP', { amount: 12345, currency: 'JPY' }],
          ['ar-KW', { amount: 12345, currency: 'KWD' }],
        ] as const
      ).map(([locale, price]) => (
        <LocaleProvider key={locale} locale={locale}>
          <dt>{locale}</dt>
          <dd style={{ margin: 0 }}>
            <Price price={price} />
          </dd>
        </LocaleProvider>
      ))}
    </dl>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('￥12,345')).toBeVisible();
    await expect(canvas.getByText('1.234,50 €')).toBeVisible();
  },
};

/** PriceText, for server components: the locale is a prop and no provider is read (here: none says de-DE). */
export const WithoutContext: Story = {
  render: () => (
    <PriceText
      locale="de-DE"
      price={{ amount: 12900, currency: 'EUR' }}
      compareAt={{ amount: 15900, currency: 'EUR' }}
    />
  ),
  play: async ({ canvasElement }) => {
    const price = canvasElement.querySelector('.mds-price');
    await expect(price).toHaveAttribute('data-state', 'sale');
    await expect(price).toHaveTextContent('Sale price 129,00 €, was 159,00 €');
  },
};
