'use client';

/** The last resort, when even the store's frame failed: plain HTML, no dependencies. */
export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
        <main>
          <h1>Something went wrong</h1>
          <p>The shop could not be shown right now. Your cart is saved.</p>
          <button type="button" onClick={reset}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
