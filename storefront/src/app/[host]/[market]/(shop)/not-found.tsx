import { EmptyState } from '@meridian/design-system';
import NextLink from 'next/link';

export default function NotFound() {
  return (
    <div className="sf-page sf-narrow">
      <h1 className="mds-visually-hidden">We could not find that page</h1>
      <EmptyState
        icon="search"
        headingLevel={2}
        title="We could not find that page"
        description="It may have moved, or the product is no longer sold. Try a search instead."
        action={
          <NextLink href="/search" className="mds-button" data-variant="primary" data-size="md">
            Search the shop
          </NextLink>
        }
      />
    </div>
  );
}
