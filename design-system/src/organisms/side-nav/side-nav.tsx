'use client';
import { type ComponentProps, useId, useState } from 'react';
import { Icon, type IconName } from '../../atoms/icon/icon.tsx';
import { cx } from '../../utils/cx.ts';
import { useLinkComponent } from '../../utils/link-context.tsx';
import './side-nav.css';

export interface SideNavItem {
  id: string;
  label: string;
  href: string;
  icon?: IconName;
  /** A count or short status ("12", "New"). */
  badge?: string | number;
  current?: boolean;
  /** A second level; the group opens by itself when it holds the current page. */
  children?: readonly SideNavItem[];
}

export interface SideNavSection {
  id: string;
  title?: string;
  items: readonly SideNavItem[];
}

export type SideNavProps = ComponentProps<'nav'> & {
  sections: readonly SideNavSection[];
  /** Icons only (a narrow rail); labels stay for screen readers and as tooltips. */
  collapsed?: boolean;
};

/** The back-office and account navigation: sections of links, expandable groups, the current page marked. */
export function SideNav({
  sections,
  collapsed = false,
  className,
  'aria-label': label = 'Main',
  ...props
}: SideNavProps) {
  return (
    <nav
      className={cx('mds-sidenav', className)}
      aria-label={label}
      data-state={collapsed ? 'collapsed' : 'expanded'}
      {...props}
    >
      {sections.map((section) => (
        <div key={section.id} className="mds-sidenav__section">
          {section.title ? (
            <h2 className="mds-sidenav__title" id={`sidenav-${section.id}`}>
              {section.title}
            </h2>
          ) : null}
          <ul className="mds-sidenav__list" aria-labelledby={section.title ? `sidenav-${section.id}` : undefined}>
            {section.items.map((item) => (
              <Item key={item.id} item={item} collapsed={collapsed} />
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function Item({ item, collapsed }: { item: SideNavItem; collapsed: boolean }) {
  const RouterLink = useLinkComponent();
  const holdsCurrent = item.children?.some((child) => child.current) ?? false;
  const [open, setOpen] = useState(holdsCurrent);
  const id = useId();
  const content = (
    <>
      {item.icon ? <Icon name={item.icon} /> : null}
      <span className="mds-sidenav__label">{item.label}</span>
      {item.badge !== undefined ? <span className="mds-sidenav__badge">{item.badge}</span> : null}
    </>
  );
  if (item.children && item.children.length > 0) {
    return (
      <li>
        <button
          type="button"
          className="mds-sidenav__link"
          aria-expanded={open}
          aria-controls={id}
          data-state={holdsCurrent ? 'holds-current' : undefined}
          title={collapsed ? item.label : undefined}
          onClick={() => setOpen(!open)}
        >
          {content}
          <Icon name="chevron-down" size="sm" className="mds-sidenav__chevron" />
        </button>
        <ul id={id} className="mds-sidenav__sublist" hidden={!open}>
          {item.children.map((child) => (
            <Item key={child.id} item={child} collapsed={collapsed} />
          ))}
        </ul>
      </li>
    );
  }
  return (
    <li>
      <RouterLink
        href={item.href}
        className="mds-sidenav__link"
        aria-current={item.current ? 'page' : undefined}
        data-state={item.current ? 'current' : undefined}
        title={collapsed ? item.label : undefined}
      >
        {content}
      </RouterLink>
    </li>
  );
}
