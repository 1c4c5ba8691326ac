'use client';
import { createContext, useContext } from 'react';

const LocaleContext = createContext('en');

/**
 * The shopper's (or operator's) locale for every price, number and date below it. An explicit default instead of
 * the runtime's, so the server render and the browser agree and hydration never mismatches.
 */
export function LocaleProvider({ locale, children }: { locale: string; children: React.ReactNode }) {
  return <LocaleContext value={locale}>{children}</LocaleContext>;
}

export function useLocale(): string {
  return useContext(LocaleContext);
}
