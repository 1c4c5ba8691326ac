import {
  newId,
  notFound,
  pageSize,
  parseId,
  type RequestContext,
  signAccessTokenWith,
  type UserError,
  userError,
} from '@meridian/kit';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { apiClients } from '../db/schema.ts';
import type { IdentityServices } from '../services.ts';
import { canGrant, unknownPermissions } from './access.ts';
import { apiClientSnapshot, audit } from './audit.ts';
import { accessTokenSeconds } from './session-tokens.ts';
import { enforceThrottle, throttleKey } from './sign-in.ts';
import { cursorId, later, page, randomToken, sameDigest, sha256Hex, tenantDb, tenantOf } from './support.ts';
import { checkName } from './validation.ts';

export type ApiClientRow = typeof apiClients.$inferSelect;
type SecretResult = { apiClient: ApiClientRow | null; clientSecret: string | null; userErrors: UserError[] };

/** A client secret: 256 random bits, so a plain sha256 is the right way to store it (no slow hash needed). */
function newSecret() {
  const secret = randomToken('mcs');
  return { secret, secretHash: sha256Hex(secret), secretHint: secret.slice(-4) };
}

function checkScopes(ctx: RequestContext, scopes: string[]): UserError[] {
  const field = ['input', 'scopes'];
  if (scopes.length === 0) return [userError(field, 'REQUIRED', 'Give the client at least one scope')];
  const unknown = unknownPermissions(scopes);
  if (unknown.length || scopes.some((s) => s.startsWith('platform:'))) {
    return [userError(field, 'UNKNOWN_PERMISSION', `Unknown scope: ${unknown.join(', ') || 'platform:*'}`)];
  }
  if (!canGrant(ctx, scopes))
    return [userError(field, 'NOT_ALLOWED', 'A client may only get scopes you hold yourself')];
  return [];
}

export async function listApiClients(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; status?: ApiClientRow['status'] | null },
) {
  const size = pageSize(args.first);
  const after = cursorId('apc', args.after);
  const rows = await tenantDb(ctx).transaction((tx) =>
    tx
      .select()
      .from(apiClients)
      .where(
        and(after ? gt(apiClients.id, after) : undefined, args.status ? eq(apiClients.status, args.status) : undefined),
      )
      .orderBy(asc(apiClients.id))
      .limit(size + 1),
  );
  return page(rows, size);
}

export async function loadApiClients(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, ApiClientRow>> {
  const rows = await tenantDb(ctx).transaction((tx) =>
    tx
      .select()
      .from(apiClients)
      .where(inArray(apiClients.id, [...ids])),
  );
  return new Map(rows.map((c) => [c.id, c]));
}

export async function findApiClient(ctx: RequestContext, id: string): Promise<ApiClientRow> {
  const client = (await loadApiClients(ctx, [id])).get(id);
  if (!client) throw notFound('API client');
  return client;
}

/**
 * Creates a client and shows its secret this once. With an idempotency key, a retry returns the
 * client it created the first time, without the secret (rotate it if the first answer was lost).
 */
export async function createApiClient(
  ctx: RequestContext,
  input: { name: string; scopes: string[]; idempotencyKey?: string | null },
): Promise<SecretResult> {
  const scopes = [...new Set(input.scopes)].sort();
  const userErrors = [...checkName(input.name, ['input', 'name'], { required: true }), ...checkScopes(ctx, scopes)];
  const key = input.idempotencyKey?.trim() || null;
  if (key && key.length > 200)
    userErrors.push(userError(['input', 'idempotencyKey'], 'TOO_LONG', 'At most 200 characters'));
  if (userErrors.length > 0) return { apiClient: null, clientSecret: null, userErrors };
  const { secret, secretHash, secretHint } = newSecret();
  return tenantDb(ctx).transaction(async (tx) => {
    const [created] = await tx
      .insert(apiClients)
      .values({
        id: newId('apc'),
        name: input.name.trim(),
        secretHash,
        secretHint,
        scopes,
        idempotencyKey: key,
        createdBy: ctx.actor.userId ?? ctx.actor.clientId ?? null,
      })
      .onConflictDoNothing({ target: apiClients.idempotencyKey })
      .returning();
    if (!created) {
      const [earlier] = await tx
        .select()
        .from(apiClients)
        .where(eq(apiClients.idempotencyKey, key ?? ''));
      if (!earlier) throw new Error('idempotency conflict without a row');
      const same = earlier.name === input.name.trim() && earlier.scopes.join(',') === scopes.join(',');
      return same
        ? { apiClient: earlier, clientSecret: null, userErrors: [] }
        : {
            apiClient: null,
            clientSecret: null,
            userErrors: [
              userError(
                ['input', 'idempotencyKey'],
                'IDEMPOTENCY_KEY_REUSED',
                'This key was used for a different client',
              ),
            ],
          };
    }
    await audit(
      tx,
      ctx,
      'api_client.create',
      { type: 'ApiClient', id: created.id },
      { after: apiClientSnapshot(created) },
    );
    return { apiClient: created, clientSecret: secret, userErrors: [] };
  });
}

export async function updateApiClient(
  ctx: RequestContext,
  input: { id: string; name?: string | null; scopes?: string[] | null },
): Promise<{ apiClient: ApiClientRow | null; userErrors: UserError[] }> {
  const scopes = input.scopes ? [...new Set(input.scopes)].sort() : undefined;
  const userErrors = [
    ...(input.name !== undefined && input.name !== null
      ? checkName(input.name, ['input', 'name'], { required: true })
      : []),
    ...(scopes ? checkScopes(ctx, scopes) : []),
  ];
  return tenantDb(ctx).transaction(async (tx) => {
    const [before] = await tx.select().from(apiClients).where(eq(apiClients.id, input.id)).for('update');
    if (!before) throw notFound('API client');
    if (userErrors.length > 0) return { apiClient: null, userErrors };
    const [after] = await tx
      .update(apiClients)
      .set({ ...(input.name ? { name: input.name.trim() } : {}), ...(scopes ? { scopes } : {}), updatedAt: sql`now()` })
      .where(eq(apiClients.id, before.id))
      .returning();
    if (!after) throw notFound('API client');
    await audit(
      tx,
      ctx,
      'api_client.update',
      { type: 'ApiClient', id: before.id },
      {
        before: apiClientSnapshot(before),
        after: apiClientSnapshot(after),
      },
    );
    return { apiClient: after, userErrors: [] };
  });
}

/** A new secret; the old one stops working at once (issued access tokens run out within minutes). */
export async function rotateApiClientSecret(ctx: RequestContext, input: { id: string }): Promise<SecretResult> {
  const { secret, secretHash, secretHint } = newSecret();
  return tenantDb(ctx).transaction(async (tx) => {
    const [before] = await tx.select().from(apiClients).where(eq(apiClients.id, input.id)).for('update');
    if (!before) throw notFound('API client');
    if (before.status !== 'active') {
      return {
        apiClient: null,
        clientSecret: null,
        userErrors: [userError(['input', 'id'], 'REVOKED', 'This client is revoked')],
      };
    }
    const [after] = await tx
      .update(apiClients)
      .set({ secretHash, secretHint, secretRotatedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(apiClients.id, before.id))
      .returning();
    await audit(
      tx,
      ctx,
      'api_client.rotate_secret',
      { type: 'ApiClient', id: before.id },
      {
        before: apiClientSnapshot(before),
        after: after ? apiClientSnapshot(after) : undefined,
      },
    );
    return { apiClient: after ?? before, clientSecret: secret, userErrors: [] };
  });
}

export async function revokeApiClient(
  ctx: RequestContext,
  input: { id: string },
): Promise<{ apiClient: ApiClientRow | null; userErrors: UserError[] }> {
  return tenantDb(ctx).transaction(async (tx) => {
    const [before] = await tx.select().from(apiClients).where(eq(apiClients.id, input.id)).for('update');
    if (!before) throw notFound('API client');
    if (before.status === 'revoked') return { apiClient: before, userErrors: [] };
    const [after] = await tx
      .update(apiClients)
      .set({ status: 'revoked', revokedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(apiClients.id, before.id))
      .returning();
    await audit(
      tx,
      ctx,
      'api_client.revoke',
      { type: 'ApiClient', id: before.id },
      {
        before: apiClientSnapshot(before),
        after: after ? apiClientSnapshot(after) : undefined,
      },
    );
    return { apiClient: after ?? before, userErrors: [] };
  });
}

export interface ClientToken {
  tokenType: 'Bearer';
  accessToken: string;
  expiresAt: Date;
  scopes: string[];
}

/** OAuth-style client credentials: id + secret on the tenant's host → a short access token with the client's scopes. */
export async function issueClientToken(
  ctx: RequestContext,
  services: IdentityServices,
  input: { clientId: string; clientSecret: string },
): Promise<{ token: ClientToken | null; userErrors: UserError[] }> {
  const refused = { token: null, userErrors: [userError(null, 'INVALID_CLIENT', 'Unknown client or wrong secret')] };
  const key = throttleKey(ctx, `client:${input.clientId.slice(0, 40)}`);
  await enforceThrottle(services, key);
  const tenant = tenantOf(ctx);
  const outcome = await tenantDb(ctx).transaction(async (tx) => {
    if (!parseId('apc', input.clientId)) return null;
    const [client] = await tx.select().from(apiClients).where(eq(apiClients.id, input.clientId));
    if (client?.status !== 'active' || !sameDigest(sha256Hex(input.clientSecret), client.secretHash)) return null;
    await tx.update(apiClients).set({ lastUsedAt: sql`now()` }).where(eq(apiClients.id, client.id));
    await audit(tx, ctx, 'api_client.issue_token', { type: 'ApiClient', id: client.id });
    return client;
  });
  if (!outcome) {
    await services.loginThrottle.recordFailure(key);
    return refused;
  }
  const accessToken = await signAccessTokenWith(
    services.signingKeys,
    { tenantId: tenant.id, actor: { kind: 'client', clientId: outcome.id, permissions: outcome.scopes } },
    { expiresIn: `${accessTokenSeconds}s` },
  );
  return {
    token: { tokenType: 'Bearer', accessToken, expiresAt: later(accessTokenSeconds * 1000), scopes: outcome.scopes },
    userErrors: [],
  };
}
