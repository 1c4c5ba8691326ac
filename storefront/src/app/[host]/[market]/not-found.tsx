import { EmptyState } from '@meridian/design-system';

/** An unknown store (no tenant at this host) or a page outside the shop's frame. */
export default function NotFound() {
  return (
    <main id="main" className="sf-page sf-narrow">
      <h1 className="mds-visually-hidden">Nothing here</h1>
      <EmptyState
        icon="search"
        headingLevel={2}
        title="Nothing here"
        description="There is no shop or page at this address."
      />
    </main>
  );
}
