import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { type DocumentNode, type GraphQLSchema, parse } from 'graphql';
import { applyPermissions } from '../authz/apply-permissions.ts';
import type { RuleMap } from '../authz/rules.ts';
import type { RequestContext } from '../context/request-context.ts';
import type { Subscriber } from '../events/define-event.ts';
import type { MigrationSet } from '../migrations/load.ts';
import type { PeriodicJob } from '../scheduler/periodic-jobs.ts';
import type { TenantModule } from '../tenancy/module.ts';
import type { WebhookHandlers } from './webhooks.ts';

export type Resolvers = GraphQLResolverMap<RequestContext>;

export interface SubgraphConfig {
  name: string;
  typeDefs: DocumentNode;
  resolvers: Resolvers;
  /** Permission rules per type and field; anything not listed is denied. */
  permissions: RuleMap;
  /** The subgraph's tables in every tenant schema (drizzle-kit output, loaded with loadMigrations). */
  migrations?: MigrationSet;
  seedDefaults?: TenantModule['seedDefaults'];
  appendOnlyTables?: string[];
  /** Demo data for the demo tenant `npm start` creates on first start (idempotent, bound to the tenant). */
  seedDemo?: TenantModule['seedDefaults'];
  /** Work on a clock for every active tenant (see scheduler/periodic-jobs.ts). */
  periodicJobs?: PeriodicJob[];
  /** Releases what the subgraph opened itself (connections of its own services) when the process stops. */
  onClose?: () => Promise<void>;
  /** Event handlers this subgraph runs (see events/). */
  subscribers?: Subscriber[];
  /** Providers' deliveries (raw body + headers) the gateway forwards from `POST /webhooks/<provider>`. */
  webhooks?: WebhookHandlers;
}

export interface Subgraph {
  name: string;
  typeDefs: DocumentNode;
  /** Executable schema with permissions applied. */
  schema: GraphQLSchema;
  tenantModule: TenantModule | null;
  subscribers: Subscriber[];
  seedDemo: TenantModule['seedDefaults'] | null;
  periodicJobs: PeriodicJob[];
  webhooks: WebhookHandlers;
  close(): Promise<void>;
}

/** A subgraph: schema + resolvers + rules + migrations + handlers, runnable alone or with others. */
export function createSubgraph(config: SubgraphConfig): Subgraph {
  const schema = applyPermissions(
    buildSubgraphSchema([{ typeDefs: config.typeDefs, resolvers: config.resolvers }]),
    config.permissions,
  );
  const tenantModule: TenantModule | null = config.migrations
    ? {
        name: config.name,
        migrations: config.migrations,
        ...(config.seedDefaults ? { seedDefaults: config.seedDefaults } : {}),
        ...(config.appendOnlyTables ? { appendOnlyTables: config.appendOnlyTables } : {}),
      }
    : null;
  return {
    name: config.name,
    typeDefs: config.typeDefs,
    schema,
    tenantModule,
    subscribers: config.subscribers ?? [],
    seedDemo: config.seedDemo ?? null,
    periodicJobs: config.periodicJobs ?? [],
    webhooks: config.webhooks ?? {},
    close: config.onClose ?? (async () => {}),
  };
}

/** Every `.graphql` file of a folder (one per aggregate), parsed into one document. */
export function loadTypeDefs(folderUrl: URL): DocumentNode {
  const folder = fileURLToPath(folderUrl);
  const text = readdirSync(folder)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(join(folder, file), 'utf8'))
    .join('\n');
  return parse(text);
}
