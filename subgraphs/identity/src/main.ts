import { connectDatabase, env as loadEnv, runStandalone } from '@meridian/kit';
import { createIdentityServices, createIdentitySubgraph } from './index.ts';

// `node subgraphs/identity/src/main.ts`: the identity subgraph on its own (PORT, DATABASE_URL, CONTEXT_PUBLIC_KEY,
// SECRET_KEYS, SMTP_URL). Signing tokens and binding operator actions need the platform database, so a
// standalone identity opens its own small pool to DATABASE_URL.
const env = loadEnv();
await runStandalone(
  createIdentitySubgraph({
    services: async () => {
      if (!env.DATABASE_URL) throw new Error('a standalone identity subgraph needs DATABASE_URL');
      const database = connectDatabase(env.DATABASE_URL, { max: 4, applicationName: 'meridian-identity' });
      return createIdentityServices({ database, env });
    },
  }),
);
