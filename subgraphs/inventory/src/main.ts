import { runStandalone } from '@meridian/kit';
import { createInventorySubgraph } from './index.ts';

// `node subgraphs/inventory/src/main.ts`: the inventory subgraph on its own (PORT, DATABASE_URL, CONTEXT_PUBLIC_KEY).
await runStandalone(createInventorySubgraph());
