import { runStandalone } from '@meridian/kit';
import { createIdentitySubgraph } from './index.ts';

// `node subgraphs/identity/src/main.ts`: the identity subgraph on its own (PORT, DATABASE_URL, CONTEXT_PUBLIC_KEY).
await runStandalone(createIdentitySubgraph());
