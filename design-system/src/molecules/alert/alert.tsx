'use client';
import type { ComponentProps, ReactNode } from 'react';
import { Icon, type IconName } from '../../atoms/icon/icon.tsx';
import { IconButton } from '../../atoms/icon-button/icon-button.tsx';
import { cx } from '../../utils/cx.ts';
import { VisuallyHidden } from '../../utils/visually-hidden.tsx';
import './alert.css';

export type AlertTone = 'info' | 'success' | 'warning' | 'danger';

export type AlertProps = Omit<ComponentProps<'div'>, 'title'> & {
  tone?: AlertTone;
  title?: ReactNode;
  /** Buttons or links under the message ("Try again"). */
  actions?: ReactNode;
  onDismiss?: () => void;
  /**
   * The alert appears in response to something the user did (a failed payment): announce it. An alert that is
   * part of the page from the start should not interrupt, so this is off by default.
   */
  announce?: boolean;
};

const icons: Record<AlertTone, IconName> = { info: 'info', success: 'success', warning: 'warning', danger: 'error' };
// the tone in words, so it is not carried by colour and icon alone
const toneWords: Record<AlertTone, string> = { info: 'Note', success: 'Success', warning: 'Warning', danger: 'Error' };

export function Alert({
  tone = 'info',
  title,
  actions,
  onDismiss,
  announce = false,
  className,
  children,
  ...props
}: AlertProps) {
  const role = announce ? (tone === 'danger' || tone === 'warning' ? 'alert' : 'status') : undefined;
  return (
    <div className={cx('mds-alert', className)} data-tone={tone} role={role} {...props}>
      <Icon name={icons[tone]} className="mds-alert__icon" />
      <div className="mds-alert__content">
        {title ? (
          <p className="mds-alert__title">
            <VisuallyHidden>{toneWords[tone]}: </VisuallyHidden>
            {title}
          </p>
        ) : (
          <VisuallyHidden>{toneWords[tone]}: </VisuallyHidden>
        )}
        {children ? <div className="mds-alert__body">{children}</div> : null}
        {actions ? <div className="mds-alert__actions">{actions}</div> : null}
      </div>
      {onDismiss ? (
        <IconButton icon="close" label="Dismiss" size="sm" className="mds-alert__dismiss" onClick={onDismiss} />
      ) : null}
    </div>
  );
}
