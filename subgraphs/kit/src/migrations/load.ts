import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Migration {
  idx: number;
  tag: string;
  hash: string;
  statements: string[];
}

/** A module's migrations: the SQL drizzle-kit generated from its tables, in order. */
export interface MigrationSet {
  module: string;
  migrations: Migration[];
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/**
 * Reads a drizzle-kit output folder. Tables are written unqualified and bound to a tenant schema at
 * run time, so drizzle-kit's `"public".` qualifiers are dropped; `CREATE SCHEMA` is made re-runnable.
 */
export function loadMigrations(module: string, folder: string): MigrationSet {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
  const migrations = journal.entries
    .toSorted((a, b) => a.idx - b.idx)
    .map(({ idx, tag }) => {
      const text = readFileSync(join(folder, `${tag}.sql`), 'utf8');
      const statements = text
        .split('--> statement-breakpoint')
        .map((s) => rewriteStatement(s.trim()))
        .filter((s) => s.length > 0);
      return { idx, tag, hash: createHash('sha256').update(text).digest('hex'), statements };
    });
  return { module, migrations };
}

export function rewriteStatement(statement: string): string {
  return statement.replaceAll('"public".', '').replace(/^CREATE SCHEMA "/i, 'CREATE SCHEMA IF NOT EXISTS "');
}
