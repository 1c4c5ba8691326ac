'use client';
import { useLocale } from '../../utils/locale-context.tsx';
import { PriceText, type PriceTextProps } from './price-text.tsx';

export type PriceProps = Omit<PriceTextProps, 'locale'> & {
  /** Overrides the LocaleProvider's locale. */
  locale?: string;
};

/** A price for the shopper's currency and the LocaleProvider's locale (see PriceText for server components). */
export function Price({ locale, ...props }: PriceProps) {
  const contextLocale = useLocale();
  return <PriceText locale={locale ?? contextLocale} {...props} />;
}
