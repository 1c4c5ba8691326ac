import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import { lexicographicSortSchema, printSchema } from 'graphql';

// the same file compose.ts writes; not imported from there, which would load every subgraph
const supergraphPath = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));
export const apiSchemaPath = fileURLToPath(new URL('../../api-schema.graphql', import.meta.url));

/**
 * The API schema of the composed supergraph: what clients see (no join__/link__ machinery, no
 * @inaccessible parts). GraphQL Code Generator types the storefront's and back-office's operations
 * against it (codegen.yml); `npm run compose` writes it after the supergraph.
 */
export function printApiSchema(supergraphSdl: string): string {
  const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return `${printSchema(lexicographicSortSchema(api)).trim()}\n`;
}

function main(): void {
  const expected = printApiSchema(readFileSync(supergraphPath, 'utf8'));
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(apiSchemaPath, 'utf8');
    } catch {}
    if (committed !== expected) {
      process.stderr.write('supergraph/api-schema.graphql is stale: run `npm run compose` and commit it.\n');
      process.exit(1);
    }
    process.stdout.write('supergraph/api-schema.graphql is up to date.\n');
    return;
  }
  writeFileSync(apiSchemaPath, expected);
  process.stdout.write(`Wrote ${apiSchemaPath}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
