import type postgres from 'postgres';
import { quoteIdent } from '../db/connect.ts';
import type { MigrationSet } from './load.ts';

export class MigrationError extends Error {
  readonly module: string;
  readonly tag: string;
  constructor(message: string, module: string, tag: string) {
    super(message);
    this.name = 'MigrationError';
    this.module = module;
    this.tag = tag;
  }
}

export interface ApplyResult {
  applied: string[];
  /** Latest tag per module after the run. */
  versions: Record<string, string>;
}

/**
 * Applies every pending migration of `sets` to one schema, in one transaction, under an advisory
 * lock on that schema so two runners (two deploys, a deploy and a provisioning) never interleave.
 * History lives in `<schema>._migrations`; an edited migration (hash mismatch) stops the run.
 */
export async function applyMigrations(
  sql: postgres.Sql,
  schema: string,
  sets: MigrationSet[],
  hooks: { afterStatements?: (tx: postgres.TransactionSql) => Promise<void> } = {},
): Promise<ApplyResult> {
  const s = quoteIdent(schema);
  return (await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`meridian.migrate.${schema}`}))`;
    await tx.unsafe(`create schema if not exists ${s}`);
    await tx`select set_config('search_path', ${schema}, true)`;
    await tx.unsafe(`create table if not exists ${s}._migrations (
      module text not null, idx integer not null, tag text not null, hash text not null,
      applied_at timestamptz not null default now(), primary key (module, idx))`);
    const done = await tx<{ module: string; idx: number; tag: string; hash: string }[]>`
      select module, idx, tag, hash from ${tx(schema)}._migrations`;
    const seen = new Map(done.map((row) => [`${row.module}:${row.idx}`, row]));
    const applied: string[] = [];
    const versions: Record<string, string> = {};
    for (const set of sets) {
      for (const migration of set.migrations) {
        const previous = seen.get(`${set.module}:${migration.idx}`);
        if (previous) {
          if (previous.hash !== migration.hash) {
            throw new MigrationError(
              `migration ${set.module}/${migration.tag} changed after it was applied to ${schema}; add a new migration instead`,
              set.module,
              migration.tag,
            );
          }
        } else {
          for (const statement of migration.statements) {
            try {
              await tx.unsafe(statement);
            } catch (error) {
              throw new MigrationError(
                `${set.module}/${migration.tag} failed on ${schema}: ${(error as Error).message}`,
                set.module,
                migration.tag,
              );
            }
          }
          await tx`insert into ${tx(schema)}._migrations (module, idx, tag, hash)
            values (${set.module}, ${migration.idx}, ${migration.tag}, ${migration.hash})`;
          applied.push(`${set.module}/${migration.tag}`);
        }
        versions[set.module] = migration.tag;
      }
    }
    // Grants only change when tables do; a run that applied nothing leaves them as they are.
    if (hooks.afterStatements && applied.length > 0) await hooks.afterStatements(tx);
    return { applied, versions };
  })) as ApplyResult;
}
