import type { ComponentProps } from 'react';
import { Badge, type BadgeTone } from '../../atoms/badge/badge.tsx';
import { Button } from '../../atoms/button/button.tsx';
import { Icon } from '../../atoms/icon/icon.tsx';
import { PriceText } from '../../atoms/price/price-text.tsx';
import { Skeleton } from '../../atoms/skeleton/skeleton.tsx';
import { cx } from '../../utils/cx.ts';
import type { LinkComponent } from '../../utils/link-context.tsx';
import type { Money } from '../../utils/money.ts';
import { VisuallyHidden } from '../../utils/visually-hidden.tsx';
import './product-card.css';

export type Availability = 'in-stock' | 'low-stock' | 'out-of-stock' | 'preorder';

export interface ProductImage {
  src: string;
  /** Describes the picture; on a card the picture is decorative (the name is the link), elsewhere it is read. */
  alt: string;
  srcSet?: string;
  sizes?: string;
  width?: number;
  height?: number;
}

export type ProductCardProps = Omit<ComponentProps<'article'>, 'children'> & {
  name: string;
  href: string;
  price: Money;
  compareAt?: Money;
  /** Variants have different prices: show "From". */
  fromPrice?: boolean;
  image?: ProductImage;
  vendor?: string;
  badge?: { label: string; tone?: BadgeTone };
  availability?: Availability;
  /** Shows an "Add to cart" button (for products with one variant; others link to the product page). */
  onAddToCart?: () => void;
  adding?: boolean;
  headingLevel?: 2 | 3 | 4;
  /** Load the image eagerly (the first cards above the fold, for a fast largest paint). */
  priority?: boolean;
  /** The price's locale (default `en`); the card reads no context, so a server component can render it. */
  locale?: string;
  /** The app's router link for the name's link (default a plain `a`). */
  linkAs?: LinkComponent | 'a';
};

const availabilityText: Record<Availability, string> = {
  'in-stock': 'In stock',
  'low-stock': 'Only a few left',
  'out-of-stock': 'Out of stock',
  preorder: 'Pre-order',
};

/**
 * A product in a grid; it uses no hooks or context, so a page's server components render the cards and the browser
 * hydrates none of them (only the add-to-cart button, when there is one). The whole card is one link target (the name's link is stretched over it), so a screen
 * reader hears one link per product, not three; the add-to-cart button sits above the stretched link.
 */
export function ProductCard({
  name,
  href,
  price,
  compareAt,
  fromPrice = false,
  image,
  vendor,
  badge,
  availability = 'in-stock',
  onAddToCart,
  adding = false,
  headingLevel = 3,
  priority = false,
  locale = 'en',
  linkAs: RouterLink = 'a',
  className,
  ...props
}: ProductCardProps) {
  const Heading = `h${headingLevel}` as const;
  const soldOut = availability === 'out-of-stock';
  return (
    <article className={cx('mds-product-card', className)} data-state={soldOut ? 'sold-out' : availability} {...props}>
      <div className="mds-product-card__media">
        {image ? (
          <img
            className="mds-product-card__image"
            src={image.src}
            srcSet={image.srcSet}
            sizes={image.sizes ?? '(min-width: 64rem) 25vw, (min-width: 40rem) 33vw, 50vw'}
            width={image.width ?? 800}
            height={image.height ?? 800}
            alt=""
            loading={priority ? 'eager' : 'lazy'}
            fetchPriority={priority ? 'high' : undefined}
            decoding="async"
          />
        ) : (
          <span className="mds-product-card__placeholder">
            <Icon name="image" size="lg" />
          </span>
        )}
        {badge || soldOut ? (
          <span className="mds-product-card__badges">
            {badge ? (
              <Badge tone={badge.tone ?? 'accent'} variant="solid">
                {badge.label}
              </Badge>
            ) : null}
            {soldOut ? <Badge variant="solid">Sold out</Badge> : null}
          </span>
        ) : null}
      </div>
      <div className="mds-product-card__body">
        {vendor ? <p className="mds-product-card__vendor">{vendor}</p> : null}
        <Heading className="mds-product-card__name">
          <RouterLink href={href} className="mds-product-card__link">
            {name}
          </RouterLink>
        </Heading>
        <PriceText price={price} compareAt={compareAt} from={fromPrice} locale={locale} />
        {availability !== 'in-stock' ? (
          <p className="mds-product-card__availability" data-availability={availability}>
            {availabilityText[availability]}
          </p>
        ) : null}
        {onAddToCart ? (
          <Button
            className="mds-product-card__action"
            variant="secondary"
            size="sm"
            startIcon="cart"
            disabled={soldOut}
            loading={adding}
            onClick={onAddToCart}
          >
            {soldOut ? 'Out of stock' : 'Add to cart'}
            {/* the visible words first, so voice control users can say what they see */}
            <VisuallyHidden>: {name}</VisuallyHidden>
          </Button>
        ) : null}
      </div>
    </article>
  );
}

/** The card's shape while products load; the grid around it says it is busy. */
export function ProductCardSkeleton({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div className={cx('mds-product-card', className)} data-state="loading" aria-hidden="true" {...props}>
      <Skeleton shape="rect" className="mds-product-card__media" style={{ height: 'auto' }} />
      <div className="mds-product-card__body">
        <Skeleton width="80%" />
        <Skeleton width="35%" />
      </div>
    </div>
  );
}
