import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../src/security/passwords.ts';

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id at the stated cost, salted, and verifies', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('returns false for a hash that is not argon2, instead of throwing', async () => {
    expect(await verifyPassword('', 'x')).toBe(false);
    expect(await verifyPassword('plaintext', 'plaintext')).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$broken', 'x')).toBe(false);
  });
});

describe('checkPasswordPolicy', () => {
  it.each([
    ['', 'TOO_SHORT'],
    ['Tr0ub4dor&3', 'TOO_SHORT'], // 11 characters, however complex
    ['🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑', 'TOO_SHORT'], // 11 code points (22 UTF-16 units)
    ['x'.repeat(257), 'TOO_LONG'],
    ['password1234', 'TOO_WEAK'],
    ['aaaaaaaaaaaaaaaa', 'TOO_WEAK'],
    ['qwertyuiopasdf', 'TOO_WEAK'],
    ['123456789012', 'TOO_WEAK'],
  ])('%j → %s', (password, code) => {
    const result = checkPasswordPolicy(password);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });

  it('accepts long unrelated words and random strings, with no composition rules', () => {
    expect(checkPasswordPolicy('violet tractor mumbles quietly')).toEqual({ ok: true });
    expect(checkPasswordPolicy('k7#Qz!v9Lm2@')).toEqual({ ok: true });
    expect(checkPasswordPolicy('x'.repeat(10) + 'Zq8!vB2#nM4$'.repeat(20)).ok).toBe(true);
  });

  it('counts the user’s own details as guessable', () => {
    const password = 'quenbyhartwick';
    expect(checkPasswordPolicy(password).ok).toBe(true);
    expect(checkPasswordPolicy(password, ['quenby.hartwick@example.com', 'Quenby Hartwick'])).toMatchObject({
      ok: false,
      code: 'TOO_WEAK',
      message: expect.stringContaining('personal details'),
    });
  });
});
