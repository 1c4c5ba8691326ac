import { notFound, type Resolvers, referenceResolver, toConnection } from '@meridian/kit';
import {
  type ApiClientRow,
  createApiClient,
  findApiClient,
  issueClientToken,
  listApiClients,
  loadApiClients,
  revokeApiClient,
  rotateApiClientSecret,
  updateApiClient,
} from '../model/api-client.ts';
import type { IdentityServicesProvider } from '../services.ts';

const loadApiClientReference = referenceResolver('ApiClient', loadApiClients);

export function apiClientResolvers(services: IdentityServicesProvider): Resolvers {
  return {
    Query: {
      apiClients: async (_p, args: { first?: number; after?: string; status?: string }, ctx) => {
        const status = args.status ? (args.status.toLowerCase() as ApiClientRow['status']) : null;
        const page = await listApiClients(ctx, { ...args, status });
        return toConnection(page.nodes, { hasNextPage: page.hasNextPage, cursorOf: (c) => c.id });
      },
      apiClient: (_p, args: { id: string }, ctx) => findApiClient(ctx, args.id),
    },
    Mutation: {
      createApiClient: (_p, args, ctx) => createApiClient(ctx, args.input),
      updateApiClient: (_p, args, ctx) => updateApiClient(ctx, args.input),
      rotateApiClientSecret: (_p, args, ctx) => rotateApiClientSecret(ctx, args.input),
      revokeApiClient: (_p, args, ctx) => revokeApiClient(ctx, args.input),
      issueClientToken: async (_p, args, ctx) => issueClientToken(ctx, await services(), args.input),
    },
    ApiClient: {
      __resolveReference: async (reference: { id: string }, ctx) => {
        const client = await loadApiClientReference(reference, ctx);
        if (!client) throw notFound('API client');
        return client;
      },
      status: (client: ApiClientRow) => client.status.toUpperCase(),
    },
  };
}
