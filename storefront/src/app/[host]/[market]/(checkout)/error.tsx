'use client';
import { Button, EmptyState } from '@meridian/design-system';
import { useEffect } from 'react';

/** Something failed while rendering (the API did not answer …): say so plainly and offer to try again. */
export default function ShopError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="sf-page sf-narrow" role="alert">
      <h1 className="mds-visually-hidden">Something went wrong</h1>
      <EmptyState
        icon="error"
        headingLevel={2}
        title="Something went wrong"
        description={`The shop could not show this page right now. Your cart is saved.${error.digest ? ` (Reference ${error.digest})` : ''}`}
        action={<Button onClick={reset}>Try again</Button>}
      />
    </div>
  );
}
