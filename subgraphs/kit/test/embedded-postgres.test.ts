import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../src/db/embedded.ts';

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

describe('embedded PostgreSQL', () => {
  it('starts a real server from npm, and a second start on the same folder shares it', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const dataDir = join(mkdtempSync(join(tmpdir(), 'meridian-pg-')), 'postgres');
    const first = await startEmbeddedPostgres({ dataDir, port, database: 'one' });
    try {
      const second = await startEmbeddedPostgres({ dataDir, port, database: 'two' });
      const sql = postgres(second.url, { max: 1 });
      const [row] = await sql`select current_database() as db, version() as version`;
      await sql.end();
      expect(row?.db).toBe('two');
      expect(row?.version).toMatch(/^PostgreSQL 17/);
      await second.stop(); // sharing: does not stop the first one's server
      const again = postgres(first.url, { max: 1 });
      expect((await again`select 1 as ok`)[0]?.ok).toBe(1);
      await again.end();
    } finally {
      await first.stop();
    }
  });
});

describe('embedded PostgreSQL start-up errors', () => {
  it('names the taken port instead of failing with a stack trace', async () => {
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = join(mkdtempSync(join(tmpdir(), 'meridian-pg-')), 'postgres');
    const error = await startEmbeddedPostgres({ dataDir, port, database: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedPostgresError);
    expect((error as Error).message).toContain(`Port ${port} is already in use`);
    expect((error as Error).message).toContain('EMBEDDED_PG_PORT');
  });

  it('names an unwritable data folder', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'meridian-pg-')), 'not-a-folder');
    writeFileSync(file, 'x');
    const error = await startEmbeddedPostgres({ dataDir: join(file, 'postgres'), port: 1, database: 'x' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmbeddedPostgresError);
    expect((error as Error).message).toMatch(/Cannot write the local database folder .* MERIDIAN_DATA_DIR/);
  });
});
