import type { ComponentProps, CSSProperties } from 'react';
import { cx } from '../../utils/cx.ts';
import './skeleton.css';

export type SkeletonProps = ComponentProps<'span'> & {
  shape?: 'text' | 'rect' | 'circle';
  width?: CSSProperties['width'];
  height?: CSSProperties['height'];
  /** For `text`: how many lines; the last one is shorter, like a paragraph. */
  lines?: number;
};

/**
 * A placeholder while content loads. Hidden from assistive technology: the region that is loading says so
 * (aria-busy, or a Spinner with a label), not each grey bar.
 */
export function Skeleton({ shape = 'text', width, height, lines = 1, className, style, ...props }: SkeletonProps) {
  if (shape === 'text' && lines > 1) {
    return (
      <span className={cx('mds-skeleton-lines', className)} aria-hidden="true" style={{ width, ...style }} {...props}>
        {Array.from({ length: lines }, (_, index) => `line-${index}`).map((key, index) => (
          <span
            key={key}
            className="mds-skeleton"
            data-shape="text"
            style={index === lines - 1 ? { width: '60%' } : undefined}
          />
        ))}
      </span>
    );
  }
  return (
    <span
      className={cx('mds-skeleton', className)}
      data-shape={shape}
      aria-hidden="true"
      style={{ width, height, ...style }}
      {...props}
    />
  );
}
