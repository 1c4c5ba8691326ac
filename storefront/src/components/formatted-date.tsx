'use client';
import { useLocale } from '@meridian/design-system';

/** A date in the shopper's locale (the LocaleProvider's, so server and browser render the same text). */
export function FormattedDate({ iso }: { iso: string }) {
  const locale = useLocale();
  return (
    <time dateTime={iso}>
      {new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso))}
    </time>
  );
}
