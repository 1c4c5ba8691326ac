'use client';
import { type ComponentProps, type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Icon, type IconName } from '../../atoms/icon/icon.tsx';
import { cx } from '../../utils/cx.ts';
import '../../atoms/button/button.css';
import './dropdown-menu.css';

export type MenuEntry =
  | {
      type?: 'item';
      id: string;
      label: string;
      icon?: IconName;
      onSelect?: () => void;
      disabled?: boolean;
      tone?: 'danger';
    }
  | { type: 'separator'; id: string };

export type DropdownMenuProps = Omit<ComponentProps<'div'>, 'children'> & {
  /** The trigger's content (text); with `icon` alone pass the name here and set `iconOnly`. */
  label: ReactNode;
  items: readonly MenuEntry[];
  icon?: IconName;
  /** Show only the icon; `label` then names the button for screen readers. */
  iconOnly?: boolean;
  variant?: 'secondary' | 'ghost';
  align?: 'start' | 'end';
  /** Start open (stories, tests). */
  defaultOpen?: boolean;
};

type Item = Extract<MenuEntry, { label: string }>;

/**
 * The ARIA menu-button pattern: Enter, Space or ↓ open the menu on the first item (↑ on the last), ↑/↓/Home/End
 * and a typed letter move, Enter/Space choose, Escape closes and returns to the button, Tab closes and moves on.
 */
export function DropdownMenu({
  label,
  items,
  icon,
  iconOnly = false,
  variant = 'secondary',
  align = 'start',
  defaultOpen = false,
  className,
  ...props
}: DropdownMenuProps) {
  const [open, setOpen] = useState(defaultOpen);
  const [active, setActive] = useState<string | undefined>();
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const id = useId();
  const enabled = items.filter((item): item is Item => item.type !== 'separator' && !item.disabled);

  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  useEffect(() => {
    if (open && active) menu.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(active)}"]`)?.focus();
  }, [open, active]);

  const openAt = (which: 'first' | 'last') => {
    setOpen(true);
    setActive(which === 'first' ? enabled[0]?.id : enabled[enabled.length - 1]?.id);
  };
  const close = (returnFocus: boolean) => {
    setOpen(false);
    setActive(undefined);
    if (returnFocus) trigger.current?.focus();
  };
  const choose = (item: Item) => {
    close(true);
    item.onSelect?.();
  };

  const onTriggerKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openAt('first');
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openAt('last');
    }
  };
  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = enabled.findIndex((item) => item.id === active);
    const go = (next: Item | undefined) => {
      event.preventDefault();
      if (next) setActive(next.id);
    };
    switch (event.key) {
      case 'ArrowDown':
        return go(enabled[(index + 1) % enabled.length]);
      case 'ArrowUp':
        return go(enabled[(index - 1 + enabled.length) % enabled.length]);
      case 'Home':
        return go(enabled[0]);
      case 'End':
        return go(enabled[enabled.length - 1]);
      case 'Escape':
        event.preventDefault();
        return close(true);
      case 'Tab':
        return close(false);
      case 'Enter':
      case ' ': {
        event.preventDefault();
        const item = enabled[index];
        if (item) choose(item);
        return;
      }
      default:
        if (event.key.length === 1 && /\S/.test(event.key)) {
          // type-ahead: the next item starting with the letter, after the current one
          const letter = event.key.toLowerCase();
          const ordered = [...enabled.slice(index + 1), ...enabled.slice(0, index + 1)];
          go(ordered.find((item) => item.label.toLowerCase().startsWith(letter)));
        }
    }
  };

  return (
    <div
      ref={root}
      className={cx('mds-menu', className)}
      data-state={open ? 'open' : 'closed'}
      data-align={align}
      {...props}
    >
      <button
        ref={trigger}
        type="button"
        id={`${id}-trigger`}
        className={cx('mds-button', iconOnly && 'mds-icon-button', 'mds-menu__trigger')}
        data-variant={variant}
        data-size="md"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        aria-label={iconOnly && typeof label === 'string' ? label : undefined}
        onClick={() => (open ? close(false) : openAt('first'))}
        onKeyDown={onTriggerKey}
      >
        {icon ? <Icon name={icon} size={iconOnly ? 'md' : 'sm'} /> : null}
        {iconOnly ? null : (
          <>
            <span>{label}</span>
            <Icon name="chevron-down" size="sm" className="mds-menu__chevron" />
          </>
        )}
      </button>
      <div
        ref={menu}
        id={`${id}-menu`}
        role="menu"
        aria-labelledby={`${id}-trigger`}
        className="mds-menu__list"
        hidden={!open}
        onKeyDown={onMenuKey}
      >
        {items.map((item) =>
          item.type === 'separator' ? (
            <hr key={item.id} className="mds-menu__separator" />
          ) : (
            <div
              key={item.id}
              role="menuitem"
              data-id={item.id}
              tabIndex={-1}
              aria-disabled={item.disabled || undefined}
              data-tone={item.tone}
              className="mds-menu__item"
              onClick={() => !item.disabled && choose(item)}
              onKeyDown={() => undefined}
              onPointerMove={() => !item.disabled && setActive(item.id)}
            >
              {item.icon ? <Icon name={item.icon} size="sm" /> : null}
              {item.label}
            </div>
          ),
        )}
      </div>
    </div>
  );
}
