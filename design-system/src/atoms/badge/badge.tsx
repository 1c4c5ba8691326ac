import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import './badge.css';

export type BadgeTone = 'neutral' | 'brand' | 'accent' | 'success' | 'warning' | 'danger' | 'info';

export type BadgeProps = ComponentProps<'span'> & {
  tone?: BadgeTone;
  /** `subtle` tinted background with coloured text; `solid` filled (for attention: "Sale"). */
  variant?: 'subtle' | 'solid';
};

/** A short status or label ("In stock", "Sale", "Paid"). The text carries the meaning; colour only supports it. */
export function Badge({ tone = 'neutral', variant = 'subtle', className, ...props }: BadgeProps) {
  return <span className={cx('mds-badge', className)} data-tone={tone} data-variant={variant} {...props} />;
}
