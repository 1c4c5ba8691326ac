'use client';
import { type ComponentProps, type ComponentType, createContext, useContext } from 'react';

/** Any component that renders an anchor from anchor props: a plain `a`, or an app router's link. */
export type LinkComponent = ComponentType<ComponentProps<'a'> & { href: string }>;

const LinkContext = createContext<LinkComponent | 'a'>('a');

/**
 * Components that render links (Breadcrumbs, Pagination, Header …) use the app's router link when one is provided
 * here, so client-side navigation works in Next.js without the design system importing Next.
 */
export function LinkProvider({ component, children }: { component: LinkComponent; children: React.ReactNode }) {
  return <LinkContext value={component}>{children}</LinkContext>;
}

export function useLinkComponent(): LinkComponent | 'a' {
  return useContext(LinkContext);
}
