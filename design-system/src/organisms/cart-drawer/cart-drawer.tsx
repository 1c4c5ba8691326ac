'use client';
import type { ReactNode } from 'react';
import { Button } from '../../atoms/button/button.tsx';
import { Icon } from '../../atoms/icon/icon.tsx';
import { IconButton } from '../../atoms/icon-button/icon-button.tsx';
import { Price } from '../../atoms/price/price.tsx';
import { Alert } from '../../molecules/alert/alert.tsx';
import { Dialog } from '../../molecules/dialog/dialog.tsx';
import { EmptyState } from '../../molecules/empty-state/empty-state.tsx';
import type { ProductImage } from '../../molecules/product-card/product-card.tsx';
import { QuantityStepper } from '../../molecules/quantity-stepper/quantity-stepper.tsx';
import { useLinkComponent } from '../../utils/link-context.tsx';
import type { Money } from '../../utils/money.ts';
import './cart-drawer.css';

export interface CartLine {
  id: string;
  name: string;
  href?: string;
  /** "Moss green · EU 42" */
  variant?: string;
  image?: ProductImage;
  unitPrice: Money;
  quantity: number;
  maxQuantity?: number;
  lineTotal: Money;
  /** A problem with this line only ("Only 2 left: quantity lowered"). */
  notice?: string;
}

export interface CartDrawerProps {
  open: boolean;
  onClose: () => void;
  lines: readonly CartLine[];
  subtotal: Money;
  onQuantityChange: (lineId: string, quantity: number) => void;
  onRemove: (lineId: string) => void;
  checkoutHref: string;
  /** A change is being saved: controls stay usable, the total says it is updating. */
  updating?: boolean;
  /** A failed update. The cart itself is kept; say so. */
  error?: ReactNode;
  onContinueShopping?: () => void;
}

/** The cart as a side sheet: lines with quantity and remove, the subtotal, and the way to checkout. */
export function CartDrawer({
  open,
  onClose,
  lines,
  subtotal,
  onQuantityChange,
  onRemove,
  checkoutHref,
  updating = false,
  error,
  onContinueShopping,
}: CartDrawerProps) {
  const RouterLink = useLinkComponent();
  const itemCount = lines.reduce((sum, line) => sum + line.quantity, 0);
  const empty = lines.length === 0;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      placement="end"
      title={empty ? 'Your cart' : `Your cart (${itemCount} ${itemCount === 1 ? 'item' : 'items'})`}
      data-cart-state={empty ? 'empty' : updating ? 'updating' : error ? 'error' : 'ready'}
      className="mds-cart"
      footer={
        empty ? undefined : (
          <div className="mds-cart__footer">
            <dl className="mds-cart__subtotal">
              <dt>Subtotal</dt>
              <dd aria-live="polite" aria-busy={updating || undefined}>
                {updating ? <span className="mds-cart__updating">Updating…</span> : <Price price={subtotal} />}
              </dd>
            </dl>
            <p className="mds-cart__note">Shipping and taxes are calculated at checkout.</p>
            <RouterLink
              href={checkoutHref}
              className="mds-button mds-cart__checkout"
              data-variant="primary"
              data-size="lg"
              data-full-width=""
            >
              <Icon name="lock" size="sm" />
              Checkout
            </RouterLink>
          </div>
        )
      }
    >
      {error ? (
        <Alert tone="danger" announce className="mds-cart__error">
          {error}
        </Alert>
      ) : null}
      {empty ? (
        <EmptyState
          icon="cart"
          headingLevel={3}
          title="Your cart is empty"
          description="Anything you add will be kept here, even if you leave."
          action={onContinueShopping ? <Button onClick={onContinueShopping}>Continue shopping</Button> : null}
        />
      ) : (
        <ul className="mds-cart__lines">
          {lines.map((line) => (
            <li key={line.id} className="mds-cart__line">
              <span className="mds-cart__thumb">
                {line.image ? <img src={line.image.src} alt="" width={72} height={72} /> : <Icon name="image" />}
              </span>
              <div className="mds-cart__details">
                <p className="mds-cart__name">
                  {line.href ? (
                    <RouterLink href={line.href} className="mds-cart__link">
                      {line.name}
                    </RouterLink>
                  ) : (
                    line.name
                  )}
                </p>
                {line.variant ? <p className="mds-cart__variant">{line.variant}</p> : null}
                <p className="mds-cart__unit">
                  <Price price={line.unitPrice} size="sm" /> each
                </p>
                {line.notice ? <p className="mds-cart__notice">{line.notice}</p> : null}
                <div className="mds-cart__controls">
                  <QuantityStepper
                    size="sm"
                    hideLabel
                    label={`Quantity of ${line.name}`}
                    value={line.quantity}
                    max={line.maxQuantity}
                    onValueChange={(quantity) => onQuantityChange(line.id, quantity)}
                  />
                  <IconButton icon="trash" label={`Remove ${line.name}`} size="sm" onClick={() => onRemove(line.id)} />
                </div>
              </div>
              <Price price={line.lineTotal} className="mds-cart__total" />
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
