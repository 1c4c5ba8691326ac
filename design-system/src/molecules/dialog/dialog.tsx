'use client';
import { type ComponentProps, type ReactNode, useEffect, useId, useRef } from 'react';
import { IconButton } from '../../atoms/icon-button/icon-button.tsx';
import { cx } from '../../utils/cx.ts';
import './dialog.css';

export type DialogProps = Omit<ComponentProps<'dialog'>, 'open' | 'title'> & {
  open: boolean;
  /** Called for Escape, the close button and a click on the backdrop; the parent decides (it owns `open`). */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  /** Buttons at the bottom; the primary action last. */
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  /** `end`: a sheet sliding in from the side (cart, filters on a phone). */
  placement?: 'center' | 'end';
  /** A required decision: no close button, Escape and the backdrop do nothing. */
  dismissible?: boolean;
};

/**
 * A modal on the native <dialog> element: the browser makes the page behind it inert, traps focus, puts it in the
 * top layer and handles Escape. React stays the source of truth through `open`/`onClose`; focus goes back to
 * whatever opened it.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  footer,
  size = 'md',
  placement = 'center',
  dismissible = true,
  className,
  children,
  ...props
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={cx('mds-dialog', className)}
      data-size={size}
      data-placement={placement}
      data-state={open ? 'open' : 'closed'}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      onCancel={(event) => {
        // Escape: let React decide, so `open` and the element never disagree
        event.preventDefault();
        if (dismissible) onClose();
      }}
      onKeyDown={(event) => {
        // handled here too (and the browser's own cancel suppressed), so Escape behaves the same for synthetic
        // key events and on browsers whose dialog handles Escape differently
        if (event.key === 'Escape') {
          event.preventDefault();
          if (dismissible) onClose();
        }
      }}
      onClick={(event) => {
        // a click on the dialog element itself (not its content) is a click on the backdrop
        if (dismissible && event.target === event.currentTarget) onClose();
      }}
      {...props}
    >
      <div className="mds-dialog__frame">
        <header className="mds-dialog__header">
          <div>
            <h2 id={`${id}-title`} className="mds-dialog__title">
              {title}
            </h2>
            {description ? (
              <p id={`${id}-description`} className="mds-dialog__description">
                {description}
              </p>
            ) : null}
          </div>
          {dismissible ? (
            <IconButton icon="close" label="Close" onClick={onClose} className="mds-dialog__close" />
          ) : null}
        </header>
        <div className="mds-dialog__body">{open ? children : null}</div>
        {footer ? <footer className="mds-dialog__footer">{footer}</footer> : null}
      </div>
    </dialog>
  );
}
