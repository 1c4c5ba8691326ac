import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import './icon.css';
import { type IconName, icons } from './icons.ts';

export type { IconName };

export type IconProps = Omit<ComponentProps<'svg'>, 'children'> & {
  name: IconName;
  /** `sm` 16, `md` 20, `lg` 24 px; `inherit` follows the font size. */
  size?: 'sm' | 'md' | 'lg' | 'inherit';
  /**
   * What the icon means, when it stands alone. Without a label the icon is decorative and hidden from assistive
   * technology (the button or link around it carries the name).
   */
  label?: string;
};

export function Icon({ name, size = 'md', label, className, ...props }: IconProps) {
  return (
    // named with role="img" + aria-label when it means something, hidden otherwise: a <title> would add a tooltip
    // biome-ignore lint/a11y/noSvgWithoutTitle: see above
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={cx('mds-icon', className)}
      data-size={size}
      focusable="false"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
      {...props}
    >
      <path d={icons[name]} />
    </svg>
  );
}
