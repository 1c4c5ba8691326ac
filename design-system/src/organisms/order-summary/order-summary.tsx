'use client';
import { type ComponentProps, type ReactNode, useId } from 'react';
import { Icon } from '../../atoms/icon/icon.tsx';
import { Price } from '../../atoms/price/price.tsx';
import { Skeleton } from '../../atoms/skeleton/skeleton.tsx';
import type { ProductImage } from '../../molecules/product-card/product-card.tsx';
import { cx } from '../../utils/cx.ts';
import type { Money } from '../../utils/money.ts';
import './order-summary.css';

export interface SummaryLine {
  id: string;
  name: string;
  variant?: string;
  quantity: number;
  image?: ProductImage;
  total: Money;
}

export type OrderSummaryProps = Omit<ComponentProps<'section'>, 'title'> & {
  title?: string;
  lines: readonly SummaryLine[];
  subtotal: Money;
  discounts?: readonly { label: string; amount: Money }[];
  /** `null`: not known yet ("Calculated at the next step"). A zero amount shows as "Free". */
  shipping?: Money | null;
  tax?: Money;
  /** "Includes €12.34 VAT" style note instead of a tax row (prices with tax included). */
  taxIncluded?: boolean;
  total: Money;
  /** Totals are being recalculated (a new shipping method, a discount code). */
  loading?: boolean;
  /** Extra content under the totals: a discount code form. */
  children?: ReactNode;
};

/** What the shopper is paying for: the lines, then subtotal, discounts, shipping, tax and the total. */
export function OrderSummary({
  title = 'Order summary',
  lines,
  subtotal,
  discounts = [],
  shipping = null,
  tax,
  taxIncluded = false,
  total,
  loading = false,
  className,
  children,
  ...props
}: OrderSummaryProps) {
  const titleId = useId();
  const amount = (money: Money, negative = false) =>
    loading ? (
      <Skeleton width="4rem" />
    ) : negative ? (
      <span>
        −<Price price={money} />
      </span>
    ) : (
      <Price price={money} />
    );
  return (
    <section
      className={cx('mds-summary', className)}
      aria-labelledby={titleId}
      aria-busy={loading || undefined}
      data-state={loading ? 'loading' : 'ready'}
      {...props}
    >
      <h2 id={titleId} className="mds-summary__title">
        {title}
      </h2>
      <ul className="mds-summary__lines">
        {lines.map((line) => (
          <li key={line.id} className="mds-summary__line">
            <span className="mds-summary__thumb">
              {line.image ? (
                <img src={line.image.src} alt="" width={56} height={56} />
              ) : (
                <Icon name="image" size="sm" />
              )}
              <span className="mds-summary__quantity" aria-hidden="true">
                {line.quantity}
              </span>
            </span>
            <span className="mds-summary__name">
              {line.name}
              {line.variant ? <span className="mds-summary__variant">{line.variant}</span> : null}
              <span className="mds-visually-hidden">Quantity {line.quantity}</span>
            </span>
            <Price price={line.total} size="sm" />
          </li>
        ))}
      </ul>
      <dl className="mds-summary__totals">
        <div>
          <dt>Subtotal</dt>
          <dd>{amount(subtotal)}</dd>
        </div>
        {discounts.map((discount) => (
          <div key={discount.label} className="mds-summary__discount">
            <dt>{discount.label}</dt>
            <dd>{amount(discount.amount, true)}</dd>
          </div>
        ))}
        <div>
          <dt>Shipping</dt>
          <dd>
            {shipping === null ? (
              <span className="mds-summary__pending">Calculated at the next step</span>
            ) : shipping.amount === 0 ? (
              'Free'
            ) : (
              amount(shipping)
            )}
          </dd>
        </div>
        {tax && !taxIncluded ? (
          <div>
            <dt>Tax</dt>
            <dd>{amount(tax)}</dd>
          </div>
        ) : null}
        <div className="mds-summary__total">
          <dt>Total</dt>
          <dd>{amount(total)}</dd>
        </div>
      </dl>
      {tax && taxIncluded ? (
        <p className="mds-summary__tax-note">
          Includes <Price price={tax} size="sm" /> tax
        </p>
      ) : null}
      {children}
    </section>
  );
}
