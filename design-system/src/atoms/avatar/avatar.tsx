'use client';
import { type ComponentProps, useState } from 'react';
import { cx } from '../../utils/cx.ts';
import './avatar.css';

export type AvatarProps = Omit<ComponentProps<'span'>, 'children'> & {
  /** The person or company; the image's text alternative and the source of the initials. */
  name: string;
  src?: string;
  size?: 'sm' | 'md' | 'lg';
  /** Next to the name in text already: hide the avatar from screen readers so the name is not read twice. */
  decorative?: boolean;
};

/** Up to two initials: "Ada Lovelace" → "AL", "ada" → "A". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}

export function Avatar({ name, src, size = 'md', decorative = false, className, ...props }: AvatarProps) {
  const [failedSrc, setFailedSrc] = useState<string | undefined>();
  const showImage = Boolean(src) && failedSrc !== src;
  const state = showImage ? 'image' : src ? 'fallback' : 'initials';
  return (
    <span
      className={cx('mds-avatar', className)}
      data-size={size}
      data-state={state}
      {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': name })}
      {...props}
    >
      {showImage ? (
        <img src={src} alt="" className="mds-avatar__image" onError={() => setFailedSrc(src)} />
      ) : (
        <span className="mds-avatar__initials">{initials(name)}</span>
      )}
    </span>
  );
}
