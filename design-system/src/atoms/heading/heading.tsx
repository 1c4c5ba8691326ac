import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import '../../styles/typography.css';

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;
export type HeadingSize = 'xs' | 'sm' | 'md' | 'lg' | 'xl' | '2xl' | '3xl';

export type HeadingProps = ComponentProps<'h2'> & {
  /** The outline level (h1–h6): what the heading means in the page. */
  level: HeadingLevel;
  /** How big it looks, independent of the level; defaults to the level's usual size. */
  size?: HeadingSize;
};

const defaultSize: Record<HeadingLevel, HeadingSize> = { 1: '3xl', 2: '2xl', 3: 'xl', 4: 'lg', 5: 'md', 6: 'sm' };

export function Heading({ level, size, className, ...props }: HeadingProps) {
  const Tag = `h${level}` as const;
  return <Tag className={cx('mds-heading', className)} data-size={size ?? defaultSize[level]} {...props} />;
}
