import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretBox, parseSecretKeys, SecretBoxError } from '../src/security/secret-box.ts';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('secret box', () => {
  it('round-trips, with a fresh IV each time, in the v1.<kid>.<iv>.<ct>.<tag> format', () => {
    const box = createSecretBox([k1], 'k1');
    const sealed = box.seal('JBSWY3DPEHPK3PXP – ünïcode ✓');
    expect(sealed).toMatch(/^v1\.k1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP – ünïcode ✓');
    expect(box.seal('same')).not.toBe(box.seal('same'));
    expect(box.open(box.seal(''))).toBe('');
  });

  it('refuses a tampered ciphertext, tag, IV or key id, and garbage', () => {
    const box = createSecretBox([k1, k2], 'k1');
    const sealed = box.seal('top secret');
    const parts = sealed.split('.');
    const flip = (index: number) => {
      const copy = [...parts];
      const bytes = Buffer.from(copy[index] ?? '', 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      copy[index] = bytes.toString('base64url');
      return copy.join('.');
    };
    expect(() => box.open(flip(2))).toThrow(SecretBoxError);
    expect(() => box.open(flip(3))).toThrow('failed authentication');
    expect(() => box.open(flip(4))).toThrow('failed authentication');
    // Same bytes presented under the other (known) key id: the header is authenticated.
    expect(() => box.open(['v1', 'k2', ...parts.slice(2)].join('.'))).toThrow('failed authentication');
    expect(() => box.open(['v1', 'k9', ...parts.slice(2)].join('.'))).toThrow('unknown key k9');
    expect(() => box.open('plain text')).toThrow('not a sealed value');
    expect(() => box.open(`v2${sealed.slice(2)}`)).toThrow('not a sealed value');
  });

  it('rotates: values sealed with k1 open after k2 becomes active and are flagged for re-sealing', () => {
    const before = createSecretBox([k1], 'k1');
    const old = before.seal('totp secret');
    expect(before.needsRotation(old)).toBe(false);
    const after = createSecretBox([k1, k2], 'k2');
    expect(after.activeKeyId).toBe('k2');
    expect(after.open(old)).toBe('totp secret');
    expect(after.needsRotation(old)).toBe(true);
    const resealed = after.seal(after.open(old));
    expect(after.needsRotation(resealed)).toBe(false);
    expect(resealed.split('.')[1]).toBe('k2');
    // Once k1 is gone, only re-sealed values open.
    const k2Only = createSecretBox([k2], 'k2');
    expect(k2Only.open(resealed)).toBe('totp secret');
    expect(() => k2Only.open(old)).toThrow('unknown key k1');
  });

  it('refuses bad keys', () => {
    expect(() => createSecretBox([{ id: 'short', key: randomBytes(16) }], 'short')).toThrow('32 bytes');
    expect(() => createSecretBox([k1], 'k2')).toThrow('not among the keys');
    expect(() => createSecretBox([{ id: 'a.b', key: randomBytes(32) }], 'a.b')).toThrow('key id');
    expect(() => createSecretBox([k1, k1], 'k1')).toThrow('twice');
  });
});

describe('loadSecretBox', () => {
  const folders: string[] = [];
  afterAll(async () => {
    await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
  });
  const base = { NODE_ENV: 'development' as const, MERIDIAN_DATA_DIR: '/nonexistent', SECRET_KEY_ACTIVE: undefined };

  it('reads SECRET_KEYS and SECRET_KEY_ACTIVE', async () => {
    const keys = `k1:${k1.key.toString('base64')},k2:${k2.key.toString('base64url')}`;
    expect(parseSecretKeys(keys).map((k) => k.key.length)).toEqual([32, 32]);
    const box = await loadSecretBox({ ...base, SECRET_KEYS: keys, SECRET_KEY_ACTIVE: 'k2' });
    expect(box.activeKeyId).toBe('k2');
    expect(box.open(createSecretBox([k1], 'k1').seal('from k1'))).toBe('from k1');
    const single = await loadSecretBox({ ...base, SECRET_KEYS: `only:${k1.key.toString('base64')}` });
    expect(single.activeKeyId).toBe('only');
    await expect(loadSecretBox({ ...base, SECRET_KEYS: keys })).rejects.toThrow('SECRET_KEY_ACTIVE');
  });

  it('outside production generates one key in the data folder and keeps it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meridian-box-'));
    folders.push(dir);
    const env = { ...base, MERIDIAN_DATA_DIR: dir, SECRET_KEYS: undefined };
    const [a, b] = await Promise.all([loadSecretBox(env), loadSecretBox(env)]);
    expect(a.activeKeyId).toBe(b.activeKeyId);
    expect(b.open(a.seal('shared'))).toBe('shared');
    const again = await loadSecretBox(env);
    expect(again.open(a.seal('after restart'))).toBe('after restart');
    const file = join(dir, 'keys', 'secret-box.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8')).keys).toHaveLength(1);
  });

  it('requires SECRET_KEYS in production', async () => {
    await expect(loadSecretBox({ ...base, NODE_ENV: 'production', SECRET_KEYS: undefined })).rejects.toThrow(
      'SECRET_KEYS is required in production',
    );
  });
});
