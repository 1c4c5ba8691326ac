import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { createAllSubgraphs, placeholderUrl } from '../subgraphs.ts';

export const supergraphPath = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));

/** Composes every subgraph's SDL into the supergraph the gateway serves. */
export function composeSupergraph(): string {
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
