import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli/meridian.ts', import.meta.url));
let t: TestDatabase;
let url: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const base = new URL(process.env.MERIDIAN_TEST_DATABASE_URL!);
  base.pathname = `/${t.name}`;
  url = base.toString();
});
afterAll(async () => {
  await t?.drop();
});

function meridian(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('meridian CLI', () => {
  it('creates, lists, suspends and resumes tenants, printing provisioning progress', () => {
    const created = meridian(['tenants', 'create', 'cli-co', '--name', 'CLI Co', '--host', 'shop.cli.test']);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/cli-co: migrations/);
    expect(created.out).toMatch(/Tenant cli-co is active .* served at shop\.cli\.test/);
    const listed = meridian(['tenants', 'list']);
    expect(listed.out).toMatch(/cli-co\tactive\tCLI Co\tshop\.cli\.test/);
    expect(meridian(['tenants', 'suspend', 'cli-co']).out).toContain('Tenant cli-co is suspended');
    expect(meridian(['tenants', 'resume', 'cli-co']).out).toContain('Tenant cli-co is active');
  });

  it('migrates every tenant with a progress line and a summary', () => {
    const result = meridian(['migrate']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/0 migrated, 1 already up to date, 0 failed \(of 1\)/);
  });

  it('refuses a bad slug with a clear error', () => {
    const result = meridian(['tenants', 'create', 'Not OK']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('BAD_USER_INPUT');
  });

  it('stops on an invalid environment variable, naming it', () => {
    const result = meridian(['tenants', 'list'], { GATEWAY_PORT: 'not-a-port', REDIS_URL: 'http://nope' });
    expect(result.code).toBe(78);
    expect(result.err).toContain('GATEWAY_PORT');
    expect(result.err).toContain('REDIS_URL');
    expect(result.err).not.toMatch(/at .*\.ts:\d+/);
  });
});
