import { describe, expect, it } from 'vitest';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  matchTotpStep,
  totpCode,
  totpQrCodeDataUrl,
  totpUri,
  verifyTotp,
} from '../src/security/totp.ts';

// RFC 6238 Appendix B: the seed is the ASCII string, repeated to the hash's block size.
const seeds = {
  sha1: '12345678901234567890',
  sha256: '12345678901234567890123456789012',
  sha512: '1234567890123456789012345678901234567890123456789012345678901234',
} as const;

const vectors: [number, string, keyof typeof seeds][] = [
  [59, '94287082', 'sha1'],
  [59, '46119246', 'sha256'],
  [59, '90693936', 'sha512'],
  [1111111109, '07081804', 'sha1'],
  [1111111109, '68084774', 'sha256'],
  [1111111109, '25091201', 'sha512'],
  [1111111111, '14050471', 'sha1'],
  [1111111111, '67062674', 'sha256'],
  [1111111111, '99943326', 'sha512'],
  [1234567890, '89005924', 'sha1'],
  [1234567890, '91819424', 'sha256'],
  [1234567890, '93441116', 'sha512'],
  [2000000000, '69279037', 'sha1'],
  [2000000000, '90698825', 'sha256'],
  [2000000000, '38618901', 'sha512'],
  [20000000000, '65353130', 'sha1'],
  [20000000000, '77737706', 'sha256'],
  [20000000000, '47863826', 'sha512'],
];

describe('totpCode', () => {
  it.each(vectors)('RFC 6238 at T=%i gives %s (%s)', (seconds, expected, algorithm) => {
    const code = totpCode(seeds[algorithm], { now: seconds * 1000, algorithm, digits: 8, secretEncoding: 'ascii' });
    expect(code).toBe(expected);
  });
});

describe('verifyTotp', () => {
  const secret = generateTotpSecret();
  const now = Date.UTC(2030, 0, 1, 12, 0, 15); // 15 s into a step
  const at = (steps: number) => totpCode(secret, { now: now + steps * 30_000 });

  it('makes a 20-byte base32 secret', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('accepts the current step and one either side', () => {
    expect(verifyTotp(secret, at(0), { now })).toBe(true);
    expect(verifyTotp(secret, at(-1), { now })).toBe(true);
    expect(verifyTotp(secret, at(1), { now })).toBe(true);
    expect(verifyTotp(secret, `${at(0).slice(0, 3)} ${at(0).slice(3)}`, { now })).toBe(true);
  });

  it('refuses two steps away, a wrong secret, and malformed codes', () => {
    expect(verifyTotp(secret, at(-2), { now })).toBe(false);
    expect(verifyTotp(secret, at(2), { now })).toBe(false);
    expect(verifyTotp(generateTotpSecret(), at(0), { now })).toBe(false);
    expect(verifyTotp(secret, '', { now })).toBe(false);
    expect(verifyTotp(secret, '12345', { now })).toBe(false);
    expect(verifyTotp(secret, 'abcdef', { now })).toBe(false);
    expect(verifyTotp('not base32!', '123456', { now })).toBe(false);
  });

  it('window 0 accepts only the current step', () => {
    expect(verifyTotp(secret, at(0), { now, window: 0 })).toBe(true);
    expect(verifyTotp(secret, at(-1), { now, window: 0 })).toBe(false);
  });

  it('matchTotpStep names the step, so a caller can refuse a replay', () => {
    const step = Math.floor(now / 30_000);
    expect(matchTotpStep(secret, at(0), { now })).toBe(step);
    expect(matchTotpStep(secret, at(-1), { now })).toBe(step - 1);
    expect(matchTotpStep(secret, at(5), { now })).toBeNull();
  });
});

describe('enrolment', () => {
  it('builds an otpauth URI and a PNG QR code of it', async () => {
    const uri = totpUri({
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      account: 'ada@example.com',
      issuer: 'Acme Shop',
    });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Acme%20Shop:ada%40example\.com\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(uri).toContain('issuer=Acme%20Shop');
    const dataUrl = await totpQrCodeDataUrl(uri);
    expect(dataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('recovery codes', () => {
  it('makes distinct 80-bit codes and their hashes', () => {
    const { codes, hashes } = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    expect(hashes).toEqual(codes.map(hashRecoveryCode));
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(generateRecoveryCodes(3).codes).toHaveLength(3);
  });

  it('hashes the code the way it is typed back: case, spaces, dashes and look-alikes do not matter', () => {
    const code = 'ab0c-1def-gh1j-kmnp';
    expect(hashRecoveryCode(' AB0C 1DEF GH1J KMNP ')).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode('abOc-ldef-ghij-kmnp')).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode('ab0c-1def-gh1j-kmnq')).not.toBe(hashRecoveryCode(code));
  });
});
