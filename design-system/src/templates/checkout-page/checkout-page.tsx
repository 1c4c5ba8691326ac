import type { ComponentProps, ReactNode } from 'react';
import { Icon } from '../../atoms/icon/icon.tsx';
import { cx } from '../../utils/cx.ts';
import './checkout-page.css';

export type CheckoutPageProps = ComponentProps<'div'> & {
  /** The store's name or logo, linking back to the store: checkout keeps only this of the header. */
  brand: ReactNode;
  /** Usually CheckoutSteps. */
  steps: ReactNode;
  /** Usually an OrderSummary: beside the form on wide screens, first on a phone (collapsed by the app if long). */
  summary: ReactNode;
  /** A problem with the whole checkout (declined card), above the form. */
  notice?: ReactNode;
  /** The current step's form. */
  children: ReactNode;
};

/**
 * Checkout without distractions: brand, a "secure checkout" note, progress, the step's form and the summary. No
 * store navigation, so nothing pulls the shopper out halfway.
 */
export function CheckoutPage({ brand, steps, summary, notice, className, children, ...props }: CheckoutPageProps) {
  return (
    <div className={cx('mds-checkout', className)} {...props}>
      <header className="mds-checkout__header">
        <div className="mds-checkout__brand">{brand}</div>
        <p className="mds-checkout__secure">
          <Icon name="lock" size="sm" />
          Secure checkout
        </p>
      </header>
      <main id="main" tabIndex={-1} className="mds-checkout__main">
        <div className="mds-checkout__flow">
          {steps}
          {notice}
          {children}
        </div>
        <aside className="mds-checkout__summary" aria-label="Your order">
          {summary}
        </aside>
      </main>
    </div>
  );
}
