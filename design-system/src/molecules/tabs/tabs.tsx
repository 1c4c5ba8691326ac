'use client';
import { type ComponentProps, type KeyboardEvent, type ReactNode, useId, useRef, useState } from 'react';
import { cx } from '../../utils/cx.ts';
import './tabs.css';

export interface TabItem {
  id: string;
  label: ReactNode;
  content: ReactNode;
  disabled?: boolean;
}

export type TabsProps = Omit<ComponentProps<'div'>, 'onChange' | 'defaultValue'> & {
  tabs: readonly TabItem[];
  /** Names the tab list ("Product details"). */
  label: string;
  value?: string;
  defaultValue?: string;
  onValueChange?: (id: string) => void;
  /**
   * `automatic` shows a panel as soon as its tab gets focus (cheap panels); `manual` waits for Enter/Space (panels
   * that load data).
   */
  activation?: 'automatic' | 'manual';
};

/** The ARIA tabs pattern: one tab stop for the list, ←/→ between tabs, Home/End, panels focusable. */
export function Tabs({
  tabs,
  label,
  value,
  defaultValue,
  onValueChange,
  activation = 'automatic',
  className,
  ...props
}: TabsProps) {
  const firstEnabled = tabs.find((tab) => !tab.disabled)?.id;
  const [own, setOwn] = useState(defaultValue ?? firstEnabled);
  const selected = value ?? own;
  const [focused, setFocused] = useState(selected);
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const id = useId();

  const select = (tabId: string) => {
    if (value === undefined) setOwn(tabId);
    if (tabId !== selected) onValueChange?.(tabId);
  };
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const enabled = tabs.filter((tab) => !tab.disabled);
    const index = enabled.findIndex((tab) => tab.id === focused);
    const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
    let next: TabItem | undefined;
    if (event.key === forward) next = enabled[(index + 1) % enabled.length];
    else if (event.key === backward) next = enabled[(index - 1 + enabled.length) % enabled.length];
    else if (event.key === 'Home') next = enabled[0];
    else if (event.key === 'End') next = enabled[enabled.length - 1];
    if (!next) return;
    event.preventDefault();
    setFocused(next.id);
    refs.current.get(next.id)?.focus();
    if (activation === 'automatic') select(next.id);
  };

  return (
    <div className={cx('mds-tabs', className)} {...props}>
      <div
        role="tablist"
        aria-label={label}
        className="mds-tabs__list"
        onKeyDown={move}
        onBlur={(event) => {
          // coming back into the list lands on the selected tab, not on the last one visited
          if (!event.currentTarget.contains(event.relatedTarget)) setFocused(selected);
        }}
      >
        {tabs.map((tab) => {
          const isSelected = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(node) => {
                if (node) refs.current.set(tab.id, node);
                else refs.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${tab.id}`}
              aria-selected={isSelected}
              aria-controls={`${id}-panel-${tab.id}`}
              tabIndex={tab.id === (focused ?? selected) ? 0 : -1}
              disabled={tab.disabled}
              data-state={isSelected ? 'active' : 'inactive'}
              className="mds-tabs__tab"
              onClick={() => {
                setFocused(tab.id);
                select(tab.id);
              }}
              onFocus={() => setFocused(tab.id)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${id}-panel-${tab.id}`}
          aria-labelledby={`${id}-tab-${tab.id}`}
          hidden={tab.id !== selected}
          // panels take focus so Tab moves from the tab list to the content even when it has no link (ARIA APG)
          // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
          tabIndex={0}
          className="mds-tabs__panel"
        >
          {tab.id === selected ? tab.content : null}
        </div>
      ))}
    </div>
  );
}
