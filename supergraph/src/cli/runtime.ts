import { createLogger, type Env, env, type OpenedDatabase, openDatabase } from '@meridian/kit';

export const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Configuration and the database for a CLI command (embedded PostgreSQL when DATABASE_URL is unset).
 * `quiet` keeps stdout for the command's own output (a token meant for `$(…)`); progress goes to stderr.
 */
export async function openRuntime(options: { quiet?: boolean } = {}): Promise<{ env: Env; opened: OpenedDatabase }> {
  const print = options.quiet ? (line: string) => process.stderr.write(`${line}\n`) : say;
  const config = env();
  if (!config.DATABASE_URL)
    print('Starting the embedded PostgreSQL (first start initialises it; this takes a few seconds)…');
  const opened = await openDatabase(config, { applicationName: 'meridian-cli' });
  print(`Database: ${opened.description}`);
  return { env: config, opened };
}

export const cliLogger = (config: Env) => createLogger({ name: 'meridian', level: config.LOG_LEVEL });
