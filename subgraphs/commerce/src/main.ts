import { runStandalone } from '@meridian/kit';
import { createCommerceSubgraph } from './index.ts';

// `node subgraphs/commerce/src/main.ts`: the commerce subgraph on its own (PORT, DATABASE_URL, CONTEXT_PUBLIC_KEY).
await runStandalone(createCommerceSubgraph());
