import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import '../../styles/typography.css';

export type TextProps = ComponentProps<'p'> & {
  /** The element: a paragraph by default, `span` inside other text. */
  as?: 'p' | 'span' | 'div' | 'strong' | 'small' | 'em';
  size?: 'xs' | 'sm' | 'md' | 'lg';
  tone?: 'default' | 'muted' | 'success' | 'warning' | 'danger';
  weight?: 'regular' | 'medium' | 'bold';
  /** One line, cut with an ellipsis (give the full text a title if it matters). */
  truncate?: boolean;
  /** Tabular figures, so columns of numbers line up. */
  numeric?: boolean;
};

export function Text({
  as: Tag = 'p',
  size = 'md',
  tone = 'default',
  weight,
  truncate,
  numeric,
  className,
  ...props
}: TextProps) {
  return (
    <Tag
      className={cx('mds-text', className)}
      data-size={size}
      data-tone={tone}
      data-weight={weight}
      data-truncate={truncate || undefined}
      data-numeric={numeric || undefined}
      {...props}
    />
  );
}
