import { runStandalone } from '@meridian/kit';
import { createAccountingSubgraph } from './index.ts';

// `node subgraphs/accounting/src/main.ts`: the accounting subgraph on its own (PORT, DATABASE_URL, CONTEXT_PUBLIC_KEY).
await runStandalone(createAccountingSubgraph());
