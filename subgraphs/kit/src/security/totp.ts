import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

/**
 * TOTP (RFC 6238) as authenticator apps expect it: SHA-1, 6 digits, 30-second steps, base32 secrets of
 * 20 bytes. Times are epoch milliseconds (`Date.now()`), so tests can pin them.
 */
const period = 30;

export function generateTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The `otpauth://totp/...` URI an authenticator app scans. */
export function totpUri({ secret, account, issuer }: { secret: string; account: string; issuer: string }): string {
  return generateURI({ issuer, label: account, secret });
}

/** The URI as a PNG QR code, as a `data:image/png;base64,...` URL an `<img>` can show. */
export function totpQrCodeDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

export interface TotpCodeOptions {
  now?: number;
  algorithm?: 'sha1' | 'sha256' | 'sha512';
  digits?: number;
  /** base32 (authenticator apps, the default) or ascii (the RFC's test secrets). */
  secretEncoding?: 'base32' | 'ascii';
}

/** The code for the step that contains `now`. */
export function totpCode(secret: string, options: TotpCodeOptions = {}): string {
  return generateSync({
    secret: options.secretEncoding === 'ascii' ? new TextEncoder().encode(secret) : secret,
    algorithm: options.algorithm ?? 'sha1',
    digits: options.digits ?? 6,
    period,
    epoch: Math.floor((options.now ?? Date.now()) / 1000),
  });
}

/**
 * The time step (`floor(epoch / 30)`) whose code matches, or null. Callers that store the last step used
 * per user can refuse a second use of the same code (RFC 6238 §5.2), which a boolean cannot tell them.
 * `window` is how many steps either side are accepted for clock drift (default 1: ±30 s).
 */
export function matchTotpStep(
  secret: string,
  code: string,
  options: { now?: number; window?: number } = {},
): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const epoch = Math.floor((options.now ?? Date.now()) / 1000);
  const window = Math.max(0, Math.min(options.window ?? 1, 10));
  try {
    const result = verifySync({ secret, token, period, epoch, epochTolerance: window * period });
    if (!result.valid) return null;
    return Math.floor(epoch / period) + result.delta;
  } catch {
    // A malformed secret (not base32, too short) never verifies.
    return null;
  }
}

export function verifyTotp(secret: string, code: string, options: { now?: number; window?: number } = {}): boolean {
  return matchTotpStep(secret, code, options) !== null;
}

// Crockford base32 without I, L, O, U: no look-alikes when a code is read off paper.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Single-use recovery codes: 16 random base32 characters (80 bits) shown as `xxxx-xxxx-xxxx-xxxx`. Only
 * the hashes are stored; at 80 bits an offline search is out of reach even with a fast hash.
 */
export function generateRecoveryCodes(count = 10): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: count }, () => {
    const chars = Array.from({ length: 16 }, () => alphabet[randomInt(32)]).join('');
    return chars.match(/.{4}/g)?.join('-') ?? chars;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

/** Case, spaces and dashes do not matter; i/l read as 1 and o as 0, as Crockford base32 intends. */
export function normaliseRecoveryCode(code: string): string {
  return code
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}
