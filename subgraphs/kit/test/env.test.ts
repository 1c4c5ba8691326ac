import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../src/env.ts';

function configError(source: Record<string, string | undefined>): ConfigError {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('fills defaults from an empty environment', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      GATEWAY_PORT: 4000,
      SUBGRAPH_PORT_BASE: 4100,
      EMBEDDED_PG_PORT: 54329,
      MIGRATION_CONCURRENCY: 4,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.MERIDIAN_DATA_DIR).toMatch(/\.meridian$/);
  });

  it('accepts valid values and treats empty URLs as unset', () => {
    const env = parseEnv({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'rediss://cache.internal:6380',
      GATEWAY_PORT: '8080',
    });
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(env.REDIS_URL).toBe('rediss://cache.internal:6380');
    expect(env.GATEWAY_PORT).toBe(8080);
    expect(parseEnv({ REDIS_URL: '', DATABASE_URL: '  ' }).REDIS_URL).toBeUndefined();
  });

  it('names an invalid REDIS_URL', () => {
    const error = configError({ REDIS_URL: 'localhost:6379' });
    expect(error.issues.map((i) => i.variable)).toEqual(['REDIS_URL']);
    expect(error.message).toContain('REDIS_URL: must be a URL starting with redis:// or rediss://');
  });

  it('names an invalid GATEWAY_PORT', () => {
    for (const value of ['abc', '0', '70000', '80.5']) {
      const error = configError({ GATEWAY_PORT: value });
      expect(error.issues.map((i) => i.variable)).toEqual(['GATEWAY_PORT']);
      expect(error.message).toContain('GATEWAY_PORT');
    }
  });

  it('reports every bad variable at once', () => {
    const error = configError({ REDIS_URL: 'http://x', GATEWAY_PORT: '-1', LOG_LEVEL: 'loud' });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['GATEWAY_PORT', 'LOG_LEVEL', 'REDIS_URL']);
  });

  it('requires the context key in production', () => {
    const error = configError({ NODE_ENV: 'production' });
    expect(error.issues.map((i) => i.variable)).toContain('CONTEXT_PUBLIC_KEY');
  });

  it('reads the secret keys and the mail settings, naming a malformed one', () => {
    const env = parseEnv({
      SECRET_KEYS: 'k1:AAAA,k-2:BB_b',
      SECRET_KEY_ACTIVE: 'k1',
      SMTP_URL: 'smtps://u:p@mail:465',
    });
    expect(env).toMatchObject({
      SECRET_KEYS: 'k1:AAAA,k-2:BB_b',
      SECRET_KEY_ACTIVE: 'k1',
      SMTP_URL: 'smtps://u:p@mail:465',
    });
    expect(env.MAIL_FROM).toContain('@');
    expect(parseEnv({ SECRET_KEYS: '', SECRET_KEY_ACTIVE: '' })).toMatchObject({
      SECRET_KEYS: undefined,
      SECRET_KEY_ACTIVE: undefined,
    });
    const error = configError({ SECRET_KEYS: 'just-a-key', SMTP_URL: 'mail.example.com' });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['SECRET_KEYS', 'SMTP_URL']);
  });
});
