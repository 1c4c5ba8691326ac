import { runStandalone } from '@meridian/kit';
import { createCatalogSubgraph } from './index.ts';

// `node subgraphs/catalog/src/main.ts`: the catalog subgraph on its own (PORT, DATABASE_URL, CONTEXT_PUBLIC_KEY).
await runStandalone(createCatalogSubgraph());
