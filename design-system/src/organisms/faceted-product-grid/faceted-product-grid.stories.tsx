import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { demoProducts } from '../../utils/demo-data.ts';
import { FacetedProductGrid, type FacetedProductGridProps } from './faceted-product-grid.tsx';
import type { Facet, FacetSelection } from './facets.ts';

const facets: Facet[] = [
  {
    id: 'vendor',
    label: 'Brand',
    options: [
      { value: 'Acme Outdoor', label: 'Acme Outdoor', count: 4 },
      { value: 'Northwool', label: 'Northwool', count: 2 },
      { value: 'Peakline', label: 'Peakline', count: 2 },
    ],
  },
  {
    id: 'price',
    label: 'Price',
    options: [
      { value: '0-50', label: 'Under €50', count: 3 },
      { value: '50-100', label: '€50 to €100', count: 2 },
      { value: '100-', label: 'Over €100', count: 3 },
      { value: '500-', label: 'Over €500', count: 0 },
    ],
  },
];

const sortOptions = [
  { value: 'relevance', label: 'Most relevant' },
  { value: 'price-asc', label: 'Price: low to high' },
  { value: 'price-desc', label: 'Price: high to low' },
];

function Controlled(args: FacetedProductGridProps) {
  const [selection, setSelection] = useState<FacetSelection>(args.selection);
  const [sort, setSort] = useState(args.sort);
  const vendors = selection.vendor ?? [];
  const products = args.products.filter((product) => vendors.length === 0 || vendors.includes(product.vendor ?? ''));
  const sorted =
    sort === 'relevance'
      ? products
      : [...products].sort((a, b) => (sort === 'price-asc' ? 1 : -1) * (a.price.amount - b.price.amount));
  return (
    <FacetedProductGrid
      {...args}
      products={sorted}
      totalCount={sorted.length}
      selection={selection}
      onSelectionChange={(next) => {
        setSelection(next);
        args.onSelectionChange(next);
      }}
      sort={sort}
      onSortChange={setSort}
    />
  );
}

const meta = {
  title: 'Organisms/FacetedProductGrid',
  component: FacetedProductGrid,
  args: {
    products: demoProducts,
    totalCount: demoProducts.length,
    facets,
    selection: {},
    onSelectionChange: fn(),
    sort: 'relevance',
    sortOptions,
    onSortChange: fn(),
    page: 1,
    pageCount: 3,
    hrefForPage: (page: number) => `?page=${page}`,
    onAddToCart: fn(),
  },
  render: (args) => <Controlled {...args} />,
} satisfies Meta<typeof FacetedProductGrid>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent('8 products');
    await userEvent.click(canvas.getByRole('checkbox', { name: 'Northwool (2)' }));
    await expect(args.onSelectionChange).toHaveBeenLastCalledWith({ vendor: ['Northwool'] });
    await expect(canvas.getByRole('status')).toHaveTextContent('2 products');
    // the chip removes the filter again
    await userEvent.click(canvas.getByRole('button', { name: 'Remove filter Brand: Northwool' }));
    await expect(canvas.getByRole('status')).toHaveTextContent('8 products');
    // an option with no products cannot be chosen
    await expect(canvas.getByRole('checkbox', { name: 'Over €500 (0)' })).toBeDisabled();
  },
};

export const Filtered: Story = { args: { selection: { vendor: ['Acme Outdoor'], price: ['100-'] } } };

export const Sorted: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Sort by' }), 'price-asc');
    const names = canvas.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent);
    await expect(names[0]).toBe('Trail socks, 3-pack');
  },
};

export const Loading: Story = {
  args: { loading: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent('Updating results…');
    await expect(canvas.getByRole('list', { busy: true })).toBeVisible();
  },
};

export const NoResults: Story = {
  args: { products: [], totalCount: 0, pageCount: 1, selection: { vendor: ['Peakline'], price: ['0-50'] } },
  render: (args) => <FacetedProductGrid {...args} />,
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('heading', { name: 'No products match these filters' })).toBeVisible();
  },
};

/** A phone: facets move into a sheet behind the Filters button. */
export const Phone: Story = {
  decorators: [(Story) => <div style={{ width: 390 }}>{Story()}</div>],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Filters' }));
    const sheet = await canvas.findByRole('dialog', { name: 'Filters' });
    await userEvent.click(within(sheet).getByRole('checkbox', { name: 'Peakline (2)' }));
    await expect(within(sheet).getByRole('button', { name: 'Show 2 products' })).toBeVisible();
    await userEvent.click(within(sheet).getByRole('button', { name: 'Show 2 products' }));
    await expect(canvas.getByRole('button', { name: 'Filters (1)' })).toBeVisible();
  },
};
