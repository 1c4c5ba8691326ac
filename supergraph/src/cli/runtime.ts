import { createLogger, type Env, env, type OpenedDatabase, openDatabase } from '@meridian/kit';

export const say = (line: string) => process.stdout.write(`${line}\n`);

/** Configuration and the database for a CLI command (embedded PostgreSQL when DATABASE_URL is unset). */
export async function openRuntime(): Promise<{ env: Env; opened: OpenedDatabase }> {
  const config = env();
  if (!config.DATABASE_URL)
    say('Starting the embedded PostgreSQL (first start initialises it; this takes a few seconds)…');
  const opened = await openDatabase(config, { applicationName: 'meridian-cli' });
  say(`Database: ${opened.description}`);
  return { env: config, opened };
}

export const cliLogger = (config: Env) => createLogger({ name: 'meridian', level: config.LOG_LEVEL });
