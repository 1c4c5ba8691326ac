import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  importSPKI,
} from 'jose';
import type { Env } from '../env.ts';

type CryptoKey = Awaited<ReturnType<typeof importSPKI>>;

export interface ContextKeys {
  /** Present on the gateway only; subgraphs verify and never sign. */
  privateKey?: CryptoKey;
  publicKey: CryptoKey;
  kid: string;
}

const alg = 'EdDSA';

async function fromPem(privatePem: string | undefined, publicPem: string): Promise<ContextKeys> {
  const publicKey = await importSPKI(publicPem, alg, { extractable: true });
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return {
    publicKey,
    kid,
    ...(privatePem ? { privateKey: await importPKCS8(privatePem, alg) } : {}),
  };
}

/**
 * The Ed25519 key pair the gateway signs internal context tokens with. Production keys come from
 * the environment; elsewhere a pair is generated on first start in the local data folder.
 */
export function loadContextKeys(
  env: Pick<Env, 'NODE_ENV' | 'MERIDIAN_DATA_DIR' | 'CONTEXT_PRIVATE_KEY' | 'CONTEXT_PUBLIC_KEY'>,
): Promise<ContextKeys> {
  return loadKeyPair(env, 'context', env.CONTEXT_PRIVATE_KEY, env.CONTEXT_PUBLIC_KEY);
}

/**
 * An Ed25519 key pair by name: from PEMs when given (production), else generated once in
 * `<data>/keys/<name>-ed25519.*.pem` (development and tests).
 */
export async function loadKeyPair(
  env: Pick<Env, 'NODE_ENV' | 'MERIDIAN_DATA_DIR'>,
  name: string,
  privatePem: string | undefined,
  publicPem: string | undefined,
): Promise<ContextKeys> {
  if (publicPem) return fromPem(privatePem, publicPem);
  if (env.NODE_ENV === 'production') throw new Error(`the public key for ${name} tokens is required in production`);
  const folder = join(env.MERIDIAN_DATA_DIR, 'keys');
  const privatePath = join(folder, `${name}-ed25519.key.pem`);
  const publicPath = join(folder, `${name}-ed25519.pub.pem`);
  if (!existsSync(privatePath) || !existsSync(publicPath)) {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const pair = await generateKeyPair(alg, { crv: 'Ed25519', extractable: true });
    // Written with exclusive create: two processes starting together keep one pair.
    await writeFile(privatePath, await exportPKCS8(pair.privateKey), { mode: 0o600, flag: 'wx' }).catch(ignoreExists);
    await writeFile(publicPath, await exportSPKI(pair.publicKey), { mode: 0o644, flag: 'wx' }).catch(ignoreExists);
  }
  return fromPem(await readFile(privatePath, 'utf8'), await readFile(publicPath, 'utf8'));
}

function ignoreExists(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}

/** A fresh in-memory pair, for tests. */
export async function generateContextKeys(): Promise<ContextKeys> {
  const pair = await generateKeyPair(alg, { crv: 'Ed25519', extractable: true });
  return fromPem(await exportPKCS8(pair.privateKey), await exportSPKI(pair.publicKey));
}
