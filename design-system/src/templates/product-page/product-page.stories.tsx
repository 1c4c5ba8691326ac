import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { Badge } from '../../atoms/badge/badge.tsx';
import { Button } from '../../atoms/button/button.tsx';
import { Price } from '../../atoms/price/price.tsx';
import { Radio, RadioGroup } from '../../atoms/radio/radio.tsx';
import { Text } from '../../atoms/text/text.tsx';
import { QuantityStepper } from '../../molecules/quantity-stepper/quantity-stepper.tsx';
import { Tabs } from '../../molecules/tabs/tabs.tsx';
import { ProductGallery } from '../../organisms/product-gallery/product-gallery.tsx';
import { demoImage } from '../../utils/demo-images.ts';
import { ProductPage } from './product-page.tsx';

const sizes = [
  { value: '40', stock: 4 },
  { value: '41', stock: 0 },
  { value: '42', stock: 2 },
  { value: '43', stock: 9 },
];

function Purchase({ onAdd }: { onAdd: (size: string, quantity: number) => void }) {
  const [colour, setColour] = useState('moss');
  const [size, setSize] = useState<string | undefined>();
  const [quantity, setQuantity] = useState(1);
  const [error, setError] = useState<string | undefined>();
  const stock = sizes.find((s) => s.value === size)?.stock;
  const soldOut = stock === 0;
  return (
    <form
      style={{ display: 'grid', gap: '1.25rem' }}
      onSubmit={(event) => {
        event.preventDefault();
        if (!size) return setError('Choose a size.');
        if (!soldOut) onAdd(size, quantity);
      }}
    >
      <RadioGroup legend="Colour" orientation="horizontal" value={colour} onValueChange={setColour}>
        <Radio value="moss" label="Moss green" />
        <Radio value="slate" label="Slate" />
      </RadioGroup>
      <RadioGroup
        legend="Size (EU)"
        orientation="horizontal"
        value={size ?? ''}
        onValueChange={(next) => {
          setSize(next);
          setError(undefined);
        }}
        error={error}
      >
        {sizes.map((s) => (
          <Radio key={s.value} value={s.value} label={s.stock === 0 ? `${s.value} (sold out)` : s.value} />
        ))}
      </RadioGroup>
      <p role="status" style={{ margin: 0 }}>
        {stock === undefined ? null : soldOut ? (
          <Badge tone="danger">Out of stock in this size</Badge>
        ) : stock < 3 ? (
          <Badge tone="warning">Only {stock} left</Badge>
        ) : (
          <Badge tone="success">In stock, ships today</Badge>
        )}
      </p>
      <div style={{ display: 'flex', gap: '0.75rem', alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <QuantityStepper
          label="Quantity"
          value={quantity}
          max={stock || 10}
          onValueChange={setQuantity}
          disabled={soldOut}
        />
        <Button type="submit" size="lg" startIcon="cart" disabled={soldOut} style={{ flex: 1 }}>
          {soldOut ? 'Out of stock' : 'Add to cart'}
        </Button>
      </div>
    </form>
  );
}

const images = ['side', 'top', 'sole'].map((view) => ({
  src: demoImage('product', `p1-${view}`),
  alt: `Ridgeline trail running shoe, ${view} view`,
}));

const meta = {
  title: 'Templates/ProductPage',
  component: ProductPage,
  args: {
    title: 'Ridgeline trail running shoe',
    vendor: 'Acme Outdoor',
    breadcrumbs: [
      { label: 'Home', href: '#home' },
      { label: 'Footwear', href: '#footwear' },
      { label: 'Ridgeline trail running shoe' },
    ],
    gallery: <ProductGallery images={images} productName="Ridgeline trail running shoe" />,
    price: (
      <Price price={{ amount: 12900, currency: 'EUR' }} compareAt={{ amount: 15900, currency: 'EUR' }} size="lg" />
    ),
    summary: <Text>A light, grippy trail shoe with a rock plate and a 6 mm drop.</Text>,
    purchase: <Purchase onAdd={fn()} />,
    details: (
      <Tabs
        label="Product details"
        tabs={[
          {
            id: 'description',
            label: 'Description',
            content: <Text>Recycled mesh upper, Vibram outsole, 280 g per shoe (EU 42).</Text>,
          },
          {
            id: 'delivery',
            label: 'Delivery and returns',
            content: <Text>Free delivery over €50. Free returns within 30 days.</Text>,
          },
        ]}
      />
    ),
  },
} satisfies Meta<typeof ProductPage>;
export default meta;
type Story = StoryObj<typeof meta>;

export const ChooseVariant: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { level: 1 })).toHaveTextContent('Ridgeline trail running shoe');
    // adding without a size asks for one next to the choice
    await userEvent.click(canvas.getByRole('button', { name: 'Add to cart' }));
    await expect(canvas.getByRole('group', { name: 'Size (EU)' })).toHaveAccessibleDescription('Choose a size.');
    await userEvent.click(canvas.getByRole('radio', { name: '42' }));
    await expect(canvas.getByRole('status')).toHaveTextContent('Only 2 left');
  },
};

/** An out-of-stock variant cannot be bought. */
export const OutOfStockVariant: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('radio', { name: '41 (sold out)' }));
    await expect(canvas.getByRole('button', { name: 'Out of stock' })).toBeDisabled();
    await expect(canvas.getByRole('status')).toHaveTextContent('Out of stock in this size');
  },
};

export const Phone: Story = { decorators: [(Story) => <div style={{ width: 390 }}>{Story()}</div>] };
