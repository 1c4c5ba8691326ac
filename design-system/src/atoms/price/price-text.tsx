import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import { formatMoney, type Money } from '../../utils/money.ts';
import { VisuallyHidden } from '../../utils/visually-hidden.tsx';
import './price.css';

export type PriceTextProps = Omit<ComponentProps<'span'>, 'children'> & {
  /** What the shopper pays: integer minor units + ISO 4217 code, as the graph sends it. */
  price: Money;
  /** The higher price before a discount; shown struck through, and the price is marked as a sale. */
  compareAt?: Money;
  /** "From €19.00": the lowest of several variant prices. */
  from?: boolean;
  size?: 'sm' | 'md' | 'lg';
  locale: string;
};

/**
 * Price with the locale given, reading no context: server components render it without shipping it to the
 * browser (a grid of cards hydrates nothing for its prices). Everything else uses Price, which reads the locale.
 * A sale reads "Sale price €12, was €20" to screen readers.
 */
export function PriceText({
  price,
  compareAt,
  from = false,
  size = 'md',
  locale,
  className,
  ...props
}: PriceTextProps) {
  const onSale = compareAt !== undefined && compareAt.currency === price.currency && compareAt.amount > price.amount;
  const state = onSale ? 'sale' : from ? 'from' : 'regular';
  return (
    <span className={cx('mds-price', className)} data-size={size} data-state={state} {...props}>
      {from ? <span className="mds-price__from">From </span> : null}
      {onSale ? <VisuallyHidden>Sale price </VisuallyHidden> : null}
      <span className="mds-price__amount">{formatMoney(price, locale)}</span>
      {onSale ? (
        <>
          <VisuallyHidden>, was </VisuallyHidden>
          <s className="mds-price__compare">{formatMoney(compareAt, locale)}</s>
        </>
      ) : null}
    </span>
  );
}
