import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, within } from 'storybook/test';
import { SearchBox } from '../../molecules/search-box/search-box.tsx';
import { FacetedProductGrid } from '../../organisms/faceted-product-grid/faceted-product-grid.tsx';
import type { FacetSelection } from '../../organisms/faceted-product-grid/facets.ts';
import { Footer } from '../../organisms/footer/footer.tsx';
import { Header } from '../../organisms/header/header.tsx';
import { demoCategories, demoFooterColumns, demoProducts } from '../../utils/demo-data.ts';
import { StorefrontLayout } from '../storefront-layout/storefront-layout.tsx';
import { CatalogPage } from './catalog-page.tsx';

function Results({ empty = false }: { empty?: boolean }) {
  const [selection, setSelection] = useState<FacetSelection>({});
  const [sort, setSort] = useState('relevance');
  const products = empty ? [] : demoProducts;
  return (
    <FacetedProductGrid
      products={products}
      totalCount={empty ? 0 : 42}
      facets={[
        {
          id: 'vendor',
          label: 'Brand',
          options: [
            { value: 'acme', label: 'Acme Outdoor', count: 30 },
            { value: 'northwool', label: 'Northwool', count: 12 },
          ],
        },
        {
          id: 'size',
          label: 'Size',
          options: ['40', '41', '42', '43', '44'].map((size) => ({ value: size, label: `EU ${size}`, count: 8 })),
        },
      ]}
      selection={selection}
      onSelectionChange={setSelection}
      sort={sort}
      sortOptions={[
        { value: 'relevance', label: 'Most relevant' },
        { value: 'price-asc', label: 'Price: low to high' },
      ]}
      onSortChange={setSort}
      page={1}
      pageCount={empty ? 1 : 6}
      hrefForPage={(page) => `?page=${page}`}
    />
  );
}

const meta = {
  title: 'Templates/CatalogPage',
  component: CatalogPage,
  parameters: { bleed: true },
  decorators: [
    (Story) => (
      <StorefrontLayout
        header={
          <Header
            storeName="Acme Outdoor Co."
            navigation={demoCategories}
            search={<SearchBox />}
            homeHref="#home"
            cartHref="#cart"
            signInHref="#sign-in"
          />
        }
        footer={<Footer storeName="Acme Outdoor Co." columns={demoFooterColumns} year={2026} />}
      >
        {Story()}
      </StorefrontLayout>
    ),
  ],
  args: {
    title: 'Footwear',
    breadcrumbs: [{ label: 'Home', href: '#home' }, { label: 'Footwear' }],
    description: 'Trail runners, hiking boots and camp shoes, tested on real mountains.',
    children: <Results />,
  },
} satisfies Meta<typeof CatalogPage>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Category: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { level: 1, name: 'Footwear' })).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('42 products');
  },
};

export const SearchResults: Story = {
  args: {
    title: 'Results for “trail shoe”',
    breadcrumbs: [{ label: 'Home', href: '#home' }, { label: 'Search' }],
    description: 'Showing matches for “trail shoe”, including “trail shoes”.',
  },
};

export const NoResults: Story = {
  args: { title: 'Results for “trial shooe”', description: undefined, children: <Results empty /> },
};
