import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * argon2id (the library's default algorithm) at OWASP's first recommended setting: m = 19 MiB, t = 2,
 * p = 1. About 20-30 ms per hash on one core of a current server; the cost lives in the PHC string, so
 * raising it later only affects new hashes.
 */
const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const minPasswordLength = 12;
export const maxPasswordLength = 256;

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, argon2Options);
}

/** False for a wrong password and for a hash that is not an argon2 PHC string (never throws for bad input). */
export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  if (!hashed.startsWith('$argon2')) return false;
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

export type PasswordPolicyResult =
  | { ok: true }
  | { ok: false; code: 'TOO_SHORT' | 'TOO_LONG' | 'TOO_WEAK'; message: string };

let factory: ZxcvbnFactory | undefined;

// Loading the dictionaries costs ~100 ms, so only processes that check passwords pay for it.
function strength(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory;
}

const warnings: Record<string, string> = {
  straightRow: 'a row of keys on the keyboard is easy to guess',
  keyPattern: 'short keyboard patterns are easy to guess',
  simpleRepeat: 'repeated characters like "aaa" are easy to guess',
  extendedRepeat: 'repeated character patterns like "abcabcabc" are easy to guess',
  sequences: 'sequences like "abc" or "6543" are easy to guess',
  recentYears: 'recent years are easy to guess',
  dates: 'dates are easy to guess',
  topTen: 'this is one of the most used passwords',
  topHundred: 'this is a very commonly used password',
  common: 'this is a commonly used password',
  similarToCommon: 'this is similar to a commonly used password',
  wordByItself: 'single words are easy to guess',
  namesByThemselves: 'single names or surnames are easy to guess',
  commonNames: 'common names and surnames are easy to guess',
  userInputs: 'it contains your name, email or other personal details',
  pwned: 'this password has appeared in a data breach',
};

/**
 * Length first (NIST 800-63B: 12 to 256 characters, any characters, no composition rules), then a
 * guessability estimate: zxcvbn score ≥ 3 (about 10^8 guesses or more). `userInputs` (name, email, tenant)
 * count as known words, so a password built from them is weak.
 */
export function checkPasswordPolicy(plain: string, userInputs: string[] = []): PasswordPolicyResult {
  const length = [...plain].length; // code points, so an emoji counts once
  if (length < minPasswordLength) {
    return { ok: false, code: 'TOO_SHORT', message: `Use at least ${minPasswordLength} characters` };
  }
  if (length > maxPasswordLength) {
    return { ok: false, code: 'TOO_LONG', message: `Use at most ${maxPasswordLength} characters` };
  }
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@.\s_-]+/)]).filter((w) => w.length >= 3);
  const result = strength().check(plain, inputs);
  if (result.score >= 3) return { ok: true };
  const reason = result.feedback.warning ? warnings[result.feedback.warning] : undefined;
  return {
    ok: false,
    code: 'TOO_WEAK',
    message: `This password is too easy to guess${reason ? `: ${reason}` : ''}. A few unrelated words make a strong one.`,
  };
}
