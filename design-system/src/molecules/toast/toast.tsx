'use client';
import {
  type ComponentProps,
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Button } from '../../atoms/button/button.tsx';
import { Icon, type IconName } from '../../atoms/icon/icon.tsx';
import { IconButton } from '../../atoms/icon-button/icon-button.tsx';
import { cx } from '../../utils/cx.ts';
import './toast.css';

export type ToastTone = 'info' | 'success' | 'warning' | 'danger';

export interface ToastOptions {
  id?: string;
  /** Plain text: it is also what screen readers announce. */
  title: string;
  description?: string;
  tone?: ToastTone;
  /** Milliseconds before it goes; `null` keeps it until dismissed (the default for errors). */
  duration?: number | null;
  action?: { label: string; onAction: () => void };
}

interface ToastEntry extends ToastOptions {
  id: string;
}

const icons: Record<ToastTone, IconName> = { info: 'info', success: 'success', warning: 'warning', danger: 'error' };

export type ToastProps = Omit<ComponentProps<'li'>, 'title'> &
  Omit<ToastOptions, 'id'> & {
    onDismiss: () => void;
  };

/**
 * One notification. It waits while hovered or focused (so it is never gone mid-read) and Escape dismisses it.
 * Announcing is the provider's job (two live regions that exist before any toast), not the toast's.
 */
export function Toast({
  title,
  description,
  tone = 'info',
  duration = tone === 'danger' ? null : 5000,
  action,
  onDismiss,
  className,
  ...props
}: ToastProps) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (duration === null || paused) return;
    const timer = setTimeout(onDismiss, duration);
    return () => clearTimeout(timer);
  }, [duration, paused, onDismiss]);
  return (
    <li
      className={cx('mds-toast', className)}
      data-tone={tone}
      data-state={paused ? 'paused' : 'open'}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setPaused(false);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDismiss();
      }}
      {...props}
    >
      <Icon name={icons[tone]} className="mds-toast__icon" />
      <div className="mds-toast__content">
        <p className="mds-toast__title">{title}</p>
        {description ? <p className="mds-toast__description">{description}</p> : null}
      </div>
      {action ? (
        <Button
          size="sm"
          variant="secondary"
          onClick={() => {
            action.onAction();
            onDismiss();
          }}
        >
          {action.label}
        </Button>
      ) : null}
      <IconButton icon="close" label="Dismiss notification" size="sm" onClick={onDismiss} />
    </li>
  );
}

interface ToastApi {
  show: (options: ToastOptions) => string;
  dismiss: (id: string) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** `const toast = useToast(); toast.show({ title: 'Added to cart', tone: 'success' })`. Needs a ToastProvider. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast() needs a <ToastProvider> above it');
  return api;
}

export function ToastProvider({ children, label = 'Notifications' }: { children: ReactNode; label?: string }) {
  const [toasts, setToasts] = useState<ToastEntry[]>([]);
  const [announcement, setAnnouncement] = useState({ polite: '', assertive: '' });
  const counter = useRef(0);

  const dismiss = useCallback((id: string) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const show = useCallback((options: ToastOptions) => {
    counter.current += 1;
    const id = options.id ?? `toast-${counter.current}`;
    setToasts((list) => [...list.filter((toast) => toast.id !== id), { ...options, id }].slice(-4));
    const text = [options.title, options.description].filter(Boolean).join('. ');
    setAnnouncement(options.tone === 'danger' ? { polite: '', assertive: text } : { polite: text, assertive: '' });
    return id;
  }, []);
  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);

  return (
    <ToastContext value={api}>
      {children}
      <section className="mds-toast-region" aria-label={label}>
        <ol className="mds-toast-region__list">
          {toasts.map(({ id, ...toast }) => (
            <Toast key={id} {...toast} onDismiss={() => dismiss(id)} />
          ))}
        </ol>
      </section>
      <div className="mds-visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement.polite}
      </div>
      <div className="mds-visually-hidden" aria-live="assertive" aria-atomic="true">
        {announcement.assertive}
      </div>
    </ToastContext>
  );
}
