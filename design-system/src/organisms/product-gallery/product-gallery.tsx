'use client';
import { type ComponentProps, type KeyboardEvent, useRef, useState } from 'react';
import { Icon } from '../../atoms/icon/icon.tsx';
import { IconButton } from '../../atoms/icon-button/icon-button.tsx';
import type { ProductImage } from '../../molecules/product-card/product-card.tsx';
import { cx } from '../../utils/cx.ts';
import './product-gallery.css';

export type ProductGalleryProps = Omit<ComponentProps<'section'>, 'children'> & {
  images: readonly ProductImage[];
  /** Names the gallery ("Ridgeline trail running shoe, images"). */
  productName: string;
  defaultIndex?: number;
};

/**
 * The product page's pictures: one large image, thumbnails as buttons (←/→ move between them), previous/next
 * buttons, and the position announced politely ("Image 2 of 5").
 */
export function ProductGallery({ images, productName, defaultIndex = 0, className, ...props }: ProductGalleryProps) {
  const [index, setIndex] = useState(Math.min(defaultIndex, Math.max(0, images.length - 1)));
  const thumbs = useRef<Array<HTMLButtonElement | null>>([]);
  const count = images.length;
  const current = images[index];
  const show = (next: number, focusThumb = false) => {
    const wrapped = (next + count) % count;
    setIndex(wrapped);
    if (focusThumb) thumbs.current[wrapped]?.focus();
  };
  const onThumbKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key as 'ArrowRight' | 'ArrowLeft'];
    if (step !== undefined) {
      event.preventDefault();
      show(index + step, true);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      show(event.key === 'Home' ? 0 : count - 1, true);
    }
  };

  return (
    <section
      className={cx('mds-gallery', className)}
      aria-label={`${productName}, images`}
      data-state={count === 0 ? 'empty' : count === 1 ? 'single' : 'multiple'}
      {...props}
    >
      <div className="mds-gallery__stage">
        {current ? (
          <img
            key={current.src}
            className="mds-gallery__image"
            src={current.src}
            srcSet={current.srcSet}
            sizes={current.sizes ?? '(min-width: 64rem) 50vw, 100vw'}
            alt={current.alt}
            width={current.width ?? 1000}
            height={current.height ?? 1000}
            fetchPriority={index === 0 ? 'high' : undefined}
          />
        ) : (
          <span className="mds-gallery__placeholder">
            <Icon name="image" size="lg" label="No image yet" />
          </span>
        )}
        {count > 1 ? (
          <>
            <IconButton
              icon="chevron-left"
              label="Previous image"
              variant="secondary"
              className="mds-gallery__prev"
              onClick={() => show(index - 1)}
            />
            <IconButton
              icon="chevron-right"
              label="Next image"
              variant="secondary"
              className="mds-gallery__next"
              onClick={() => show(index + 1)}
            />
          </>
        ) : null}
      </div>
      {count > 1 ? (
        <>
          <ul className="mds-gallery__thumbs" onKeyDown={onThumbKey}>
            {images.map((image, position) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the same picture may appear twice; the list is fixed per product
              <li key={position}>
                <button
                  ref={(node) => {
                    thumbs.current[position] = node;
                  }}
                  type="button"
                  className="mds-gallery__thumb"
                  aria-label={`Image ${position + 1} of ${count}`}
                  aria-current={position === index ? 'true' : undefined}
                  data-state={position === index ? 'active' : undefined}
                  tabIndex={position === index ? 0 : -1}
                  onClick={() => show(position)}
                >
                  <img src={image.src} alt="" width={80} height={80} loading="lazy" />
                </button>
              </li>
            ))}
          </ul>
          <p className="mds-visually-hidden" aria-live="polite">
            Image {index + 1} of {count}
          </p>
        </>
      ) : null}
    </section>
  );
}
