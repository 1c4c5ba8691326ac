import type { ComponentProps, ReactNode } from 'react';
import { Icon, type IconName } from '../../atoms/icon/icon.tsx';
import { cx } from '../../utils/cx.ts';
import './empty-state.css';

export type EmptyStateProps = Omit<ComponentProps<'section'>, 'title'> & {
  title: ReactNode;
  description?: ReactNode;
  icon?: IconName;
  /** The way forward: "Clear filters", "Continue shopping". */
  action?: ReactNode;
  headingLevel?: 2 | 3;
};

/** Nothing to show, and what to do about it. */
export function EmptyState({
  title,
  description,
  icon = 'search',
  action,
  headingLevel = 2,
  className,
  ...props
}: EmptyStateProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <section className={cx('mds-empty', className)} {...props}>
      <span className="mds-empty__icon">
        <Icon name={icon} size="lg" />
      </span>
      <Heading className="mds-empty__title">{title}</Heading>
      {description ? <p className="mds-empty__description">{description}</p> : null}
      {action ? <div className="mds-empty__action">{action}</div> : null}
    </section>
  );
}
