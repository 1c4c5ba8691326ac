import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import type { Subgraph } from '@meridian/kit';
import { createAllSubgraphs, placeholderUrl } from '../subgraphs.ts';

export const supergraphPath = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));

/**
 * Every subgraph's tables live in the same tenant schema, so two modules creating the same table name
 * would break provisioning for everyone: refuse it at build time, naming both owners.
 */
export function findTableClashes(subgraphs: Subgraph[]): string[] {
  const owners = new Map<string, string>();
  const clashes: string[] = [];
  for (const subgraph of subgraphs) {
    for (const migration of subgraph.tenantModule?.migrations.migrations ?? []) {
      for (const statement of migration.statements) {
        const table = /^CREATE TABLE (?:IF NOT EXISTS )?"([^"]+)"/i.exec(statement)?.[1];
        if (!table) continue;
        const owner = owners.get(table);
        if (owner && owner !== subgraph.name)
          clashes.push(`table "${table}" is created by both ${owner} and ${subgraph.name}`);
        owners.set(table, subgraph.name);
      }
    }
  }
  return clashes;
}

/** Composes every subgraph's SDL into the supergraph the gateway serves. */
export function composeSupergraph(): string {
  const clashes = findTableClashes(createAllSubgraphs());
  if (clashes.length > 0) throw new Error(`Tenant tables clash:\n${clashes.map((c) => `  - ${c}`).join('\n')}`);
  const result = composeServices(
    createAllSubgraphs().map((s) => ({ name: s.name, typeDefs: s.typeDefs, url: placeholderUrl(s.name) })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trim()}\n`;
}

function main(): void {
  const check = process.argv.includes('--check');
  const composed = composeSupergraph();
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(supergraphPath, 'utf8');
    } catch {}
    if (committed !== composed) {
      process.stderr.write('supergraph/supergraph.graphql is stale: run `npm run compose` and commit it.\n');
      process.exit(1);
    }
    process.stdout.write('supergraph/supergraph.graphql is up to date.\n');
    return;
  }
  writeFileSync(supergraphPath, composed);
  process.stdout.write(`Wrote ${supergraphPath}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
