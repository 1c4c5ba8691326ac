import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { Heading } from '../../atoms/heading/heading.tsx';
import { Link } from '../../atoms/link/link.tsx';
import { Text } from '../../atoms/text/text.tsx';
import { ProductCard } from '../../molecules/product-card/product-card.tsx';
import { SearchBox } from '../../molecules/search-box/search-box.tsx';
import { Footer } from '../../organisms/footer/footer.tsx';
import { Header } from '../../organisms/header/header.tsx';
import { demoCategories, demoFooterColumns, demoProducts } from '../../utils/demo-data.ts';
import { demoImage } from '../../utils/demo-images.ts';
import { StorefrontLayout } from './storefront-layout.tsx';

const meta = {
  title: 'Templates/StorefrontLayout',
  component: StorefrontLayout,
  parameters: { bleed: true },
  args: {
    header: (
      <Header
        storeName="Acme Outdoor Co."
        navigation={demoCategories}
        search={<SearchBox />}
        cartCount={2}
        homeHref="#home"
        cartHref="#cart"
        signInHref="#sign-in"
        announcement="Free delivery on orders over €50"
      />
    ),
    footer: <Footer storeName="Acme Outdoor Co." columns={demoFooterColumns} year={2026} />,
  },
} satisfies Meta<typeof StorefrontLayout>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The home page: a hero and featured products. */
export const Home: Story = {
  args: {
    children: (
      <div style={{ display: 'grid', gap: '2.5rem' }}>
        <section
          aria-labelledby="hero-title"
          style={{
            display: 'grid',
            gap: '1rem',
            padding: '3rem 2rem',
            borderRadius: 'var(--mds-radius-lg)',
            background: `var(--mds-color-brand-subtle) url("${demoImage('wide', 'hero')}") right / contain no-repeat`,
          }}
        >
          <Heading level={1} id="hero-title">
            Made for the long way round
          </Heading>
          <Text size="lg" style={{ maxWidth: '32rem' }}>
            Light, tough gear for trails, huts and everything between.
          </Text>
          <Link href="#new" variant="standalone">
            Shop new arrivals
          </Link>
        </section>
        <section aria-labelledby="featured-title" style={{ display: 'grid', gap: '1rem' }}>
          <Heading level={2} id="featured-title" size="lg">
            Featured
          </Heading>
          <ul
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(13rem, 1fr))',
              gap: '1.5rem 1rem',
              listStyle: 'none',
              padding: 0,
              margin: 0,
            }}
          >
            {demoProducts.slice(0, 4).map(({ id, ...product }) => (
              <li key={id}>
                <ProductCard {...product} />
              </li>
            ))}
          </ul>
        </section>
      </div>
    ),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // the skip link is the first tab stop and points at the one main landmark, which can take focus
    // (following it here would navigate the test frame, so the target is checked instead)
    await userEvent.tab();
    const skip = canvas.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toHaveFocus();
    await expect(skip).toHaveAttribute('href', '#main');
    const main = canvas.getByRole('main');
    await expect(main).toHaveAttribute('id', 'main');
    await expect(main).toHaveAttribute('tabindex', '-1');
    await expect(canvas.getAllByRole('main')).toHaveLength(1);
  },
};

/** The 404 page inside the same frame. */
export const NotFound: Story = {
  args: {
    children: (
      <div style={{ display: 'grid', gap: '1rem', justifyItems: 'center', textAlign: 'center', padding: '4rem 1rem' }}>
        <Text tone="muted">Error 404</Text>
        <Heading level={1}>We could not find that page</Heading>
        <Text>It may have moved, or the link may be mistyped.</Text>
        <Link href="#home" variant="standalone">
          Back to the home page
        </Link>
      </div>
    ),
  },
};
