import { type UserError, userError } from '@meridian/kit';

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by the emailed link.
const emailPattern = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkEmail(email: string, field: string[]): UserError[] {
  const value = normaliseEmail(email);
  return emailPattern.test(value) && value.length <= 254 ? [] : [userError(field, 'INVALID', 'Not an email address')];
}

export function checkName(name: string, field: string[], options: { required?: boolean } = {}): UserError[] {
  const value = name.trim();
  if (options.required && !value) return [userError(field, 'REQUIRED', 'Name is required')];
  if (value.length > 200) return [userError(field, 'TOO_LONG', 'Name must be at most 200 characters')];
  return [];
}

export function checkLocale(locale: string, field: string[]): UserError[] {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    if (canonical && locale.length <= 35) return [];
  } catch {}
  return [userError(field, 'INVALID', 'Not a BCP 47 language tag, e.g. en-GB')];
}

export function canonicalLocale(locale: string): string {
  return Intl.getCanonicalLocales(locale)[0] ?? locale;
}

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

export function checkTimeZone(timeZone: string, field: string[]): UserError[] {
  return timeZones.has(timeZone) || timeZone === 'UTC'
    ? []
    : [userError(field, 'INVALID', 'Not an IANA time zone, e.g. Europe/Paris')];
}
