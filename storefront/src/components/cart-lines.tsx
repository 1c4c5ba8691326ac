'use client';
import { Alert, type CartLine, IconButton, Price, QuantityStepper } from '@meridian/design-system';
import NextLink from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { changeQuantity, removeLine } from '../actions/cart.ts';
import { useCart } from './cart-context.tsx';

/** The cart page's lines: change a quantity or remove a line; the page re-renders with the server's totals. */
export function CartLines({ lines }: { lines: readonly CartLine[] }) {
  const router = useRouter();
  const cart = useCart();
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();
  const run = (action: () => ReturnType<typeof removeLine>) =>
    start(async () => {
      try {
        const result = await action();
        setError(result.ok ? undefined : result.message);
        cart.apply(result);
        router.refresh();
      } catch {
        setError('We could not reach the store. Your cart is unchanged: try again in a moment.');
      }
    });
  return (
    <div className="sf-cart-lines" aria-busy={pending || undefined}>
      {error ? (
        <Alert tone="danger" announce title="Your cart was not changed">
          {error}
        </Alert>
      ) : null}
      <ul>
        {lines.map((line) => (
          <li key={line.id} className="sf-cart-line">
            <span className="sf-cart-line__thumb">
              {line.image ? <img src={line.image.src} alt="" width={96} height={96} /> : null}
            </span>
            <div className="sf-cart-line__details">
              <p className="sf-cart-line__name">
                {line.href ? <NextLink href={line.href}>{line.name}</NextLink> : line.name}
              </p>
              {line.variant ? <p className="sf-cart-line__variant">{line.variant}</p> : null}
              <p>
                <Price price={line.unitPrice} size="sm" /> each
              </p>
              {line.notice ? <p className="sf-cart-line__notice">{line.notice}</p> : null}
            </div>
            <div className="sf-cart-line__controls">
              <QuantityStepper
                size="sm"
                hideLabel
                label={`Quantity of ${line.name}`}
                value={line.quantity}
                max={line.maxQuantity}
                onValueChange={(quantity) => run(() => changeQuantity({ lineId: line.id, quantity }))}
              />
              <IconButton
                icon="trash"
                label={`Remove ${line.name}`}
                size="sm"
                onClick={() => run(() => removeLine({ lineId: line.id }))}
              />
            </div>
            <p className="sf-cart-line__total">
              <Price price={line.lineTotal} />
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
