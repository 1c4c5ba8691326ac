import type { ComponentProps, ReactNode } from 'react';
import { Heading } from '../../atoms/heading/heading.tsx';
import { cx } from '../../utils/cx.ts';
import './account-page.css';

export type AccountPageProps = Omit<ComponentProps<'div'>, 'title'> & {
  title: ReactNode;
  /** "Signed in as ada@example.com" and a sign-out button. */
  greeting?: ReactNode;
  /** The account sections (a SideNav labelled "Account"). */
  navigation: ReactNode;
  /** Buttons for the page ("Add address"). */
  actions?: ReactNode;
  children: ReactNode;
};

/** The customer's account: sections on the side (on top on a phone), the current section's content beside them. */
export function AccountPage({ title, greeting, navigation, actions, className, children, ...props }: AccountPageProps) {
  return (
    <div className={cx('mds-account', className)} {...props}>
      <div className="mds-account__grid">
        <div className="mds-account__nav">
          {greeting ? <div className="mds-account__greeting">{greeting}</div> : null}
          {navigation}
        </div>
        <section className="mds-account__content" aria-labelledby="mds-account-title">
          <header className="mds-account__header">
            <Heading level={1} size="xl" id="mds-account-title">
              {title}
            </Heading>
            {actions ? <div className="mds-account__actions">{actions}</div> : null}
          </header>
          {children}
        </section>
      </div>
    </div>
  );
}
