import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '../env.ts';

/**
 * Encryption of secrets at rest (TOTP secrets, signing keys) with AES-256-GCM. A sealed value names the
 * key that sealed it, so keys can rotate: new values use the active key, old ones open with theirs until
 * re-sealed (`needsRotation`). Format: `v1.<keyId>.<iv>.<ciphertext>.<tag>`, each part base64url.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  /** Throws when the value is malformed, sealed with an unknown key, or altered. */
  open(sealed: string): string;
  /** True when the value was sealed with a key other than the active one. */
  needsRotation(sealed: string): boolean;
  activeKeyId: string;
}

const version = 'v1';
const keyIdPattern = /^[A-Za-z0-9_-]+$/;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export function createSecretBox(keys: { id: string; key: Buffer }[], activeKeyId: string): SecretBox {
  const byId = new Map<string, Buffer>();
  for (const { id, key } of keys) {
    if (!keyIdPattern.test(id)) throw new SecretBoxError(`secret key id must be letters, digits, _ or -: ${id}`);
    if (key.length !== 32) throw new SecretBoxError(`secret key ${id} must be 32 bytes, got ${key.length}`);
    if (byId.has(id)) throw new SecretBoxError(`secret key ${id} is listed twice`);
    byId.set(id, key);
  }
  const active = byId.get(activeKeyId);
  if (!active) throw new SecretBoxError(`the active secret key ${activeKeyId} is not among the keys`);

  return {
    activeKeyId,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', active, iv);
      // The header is authenticated too: moving a value to another key id or version fails to open.
      cipher.setAAD(Buffer.from(`${version}.${activeKeyId}`));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [version, activeKeyId, iv, ciphertext, tag]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const parts = sealed.split('.');
      const [v, keyId, iv, ciphertext, tag] = parts;
      if (parts.length !== 5 || v !== version || !keyId || !iv || ciphertext === undefined || !tag) {
        throw new SecretBoxError('not a sealed value');
      }
      const key = byId.get(keyId);
      if (!key) throw new SecretBoxError(`sealed with unknown key ${keyId}`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(`${version}.${keyId}`));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new SecretBoxError('sealed value failed authentication');
      }
    },
    needsRotation(sealed) {
      return sealed.split('.')[1] !== activeKeyId;
    },
  };
}

/** Parses `id1:base64key,id2:base64key` (base64 or base64url). */
export function parseSecretKeys(text: string): { id: string; key: Buffer }[] {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const colon = pair.indexOf(':');
      if (colon < 1) throw new SecretBoxError('SECRET_KEYS must be id:base64key pairs separated by commas');
      const encoded = pair.slice(colon + 1);
      const key = Buffer.from(encoded, /[-_]/.test(encoded) ? 'base64url' : 'base64');
      return { id: pair.slice(0, colon), key };
    });
}

interface StoredKeys {
  activeKeyId: string;
  keys: { id: string; key: string }[];
}

/**
 * The process's secret box: from SECRET_KEYS (+ SECRET_KEY_ACTIVE when several are listed); outside
 * production, without SECRET_KEYS, from a key generated once in `<data>/keys/secret-box.json`.
 */
export async function loadSecretBox(
  env: Pick<Env, 'NODE_ENV' | 'MERIDIAN_DATA_DIR' | 'SECRET_KEYS' | 'SECRET_KEY_ACTIVE'>,
): Promise<SecretBox> {
  if (env.SECRET_KEYS) {
    const keys = parseSecretKeys(env.SECRET_KEYS);
    const activeKeyId = env.SECRET_KEY_ACTIVE ?? (keys.length === 1 ? keys[0]?.id : undefined);
    if (!activeKeyId) throw new SecretBoxError('SECRET_KEY_ACTIVE must name one of several SECRET_KEYS');
    return createSecretBox(keys, activeKeyId);
  }
  if (env.NODE_ENV === 'production') throw new SecretBoxError('SECRET_KEYS is required in production');
  const folder = join(env.MERIDIAN_DATA_DIR, 'keys');
  const path = join(folder, 'secret-box.json');
  if (!existsSync(path)) {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const id = `dev${Date.now().toString(36)}`;
    const stored: StoredKeys = { activeKeyId: id, keys: [{ id, key: randomBytes(32).toString('base64') }] };
    // Written aside, then linked into place: link fails when the file exists, so two processes starting
    // together keep one key, and neither ever reads a half-written file.
    const draft = `${path}.${randomBytes(6).toString('hex')}`;
    await writeFile(draft, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await link(draft, path)
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      })
      .finally(() => unlink(draft));
  }
  const stored = JSON.parse(await readFile(path, 'utf8')) as StoredKeys;
  return createSecretBox(
    stored.keys.map(({ id, key }) => ({ id, key: Buffer.from(key, 'base64') })),
    stored.activeKeyId,
  );
}
