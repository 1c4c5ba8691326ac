import {
  loaderFor,
  notFound,
  type RequestContext,
  type Resolvers,
  referenceResolver,
  toConnection,
} from '@meridian/kit';
import type { UserSettings } from '../db/schema.ts';
import { permissionsOf, type RoleRow, rolesOfUsers } from '../model/access.ts';
import { signUpCustomer } from '../model/customer.ts';
import { setCustomerGroup } from '../model/customer-group.ts';
import { acceptInvitation, inviteUser, resendInvitation } from '../model/invitation.ts';
import { recoveryCodesRemaining } from '../model/mfa.ts';
import { tenantDb } from '../model/support.ts';
import {
  findUser,
  listUsers,
  loadUsers,
  me,
  type UserRow,
  updateMyProfile,
  updateMySettings,
  updateUser,
} from '../model/user.ts';
import { setUserRoles, setUserStatus } from '../model/user-admin.ts';
import type { IdentityServicesProvider } from '../services.ts';

const lower = <T extends string>(value: string | null | undefined) => (value ? (value.toLowerCase() as T) : null);
const upper = (value: string) => value.toUpperCase();

/** Roles of the users in this response, one query for all of them. */
function rolesOf(ctx: RequestContext, userId: string): Promise<RoleRow[]> {
  return loaderFor<string, RoleRow[]>(ctx, 'roles-of-user', (ids) =>
    tenantDb(ctx).transaction((tx) => rolesOfUsers(tx, ids)),
  )
    .load(userId)
    .then((roles) => roles ?? []);
}

const loadUserReference = referenceResolver('User', loadUsers);

export function userResolvers(services: IdentityServicesProvider): Resolvers {
  return {
    Query: {
      me: (_p, _a, ctx) => me(ctx),
      users: async (
        _p,
        args: { first?: number; after?: string; kind?: string; status?: string; search?: string },
        ctx,
      ) => {
        const page = await listUsers(ctx, {
          ...args,
          kind: lower<UserRow['kind']>(args.kind),
          status: lower<UserRow['status']>(args.status),
        });
        return toConnection(page.nodes, { hasNextPage: page.hasNextPage, cursorOf: (u) => u.id });
      },
      user: (_p, args: { id: string }, ctx) => findUser(ctx, args.id),
    },
    Mutation: {
      inviteUser: async (_p, args, ctx) => inviteUser(ctx, await services(), args.input),
      resendInvitation: async (_p, args, ctx) => resendInvitation(ctx, await services(), args.input),
      acceptInvitation: async (_p, args, ctx) => acceptInvitation(ctx, await services(), args.input),
      signUpCustomer: async (_p, args, ctx) => signUpCustomer(ctx, await services(), args.input),
      updateMyProfile: (_p, args, ctx) => updateMyProfile(ctx, args.input),
      updateUser: (_p, args, ctx) => updateUser(ctx, args.input),
      updateMySettings: (_p, args: { input: Record<string, string | boolean | null> }, ctx) =>
        updateMySettings(ctx, {
          theme: lower<NonNullable<UserSettings['theme']>>(args.input.theme as string) ?? undefined,
          density: lower<NonNullable<UserSettings['density']>>(args.input.density as string) ?? undefined,
          emailNotifications: (args.input.emailNotifications as boolean | null) ?? undefined,
        }),
      deactivateUser: (_p, args, ctx) => setUserStatus(ctx, args.input.id, 'deactivated'),
      reactivateUser: (_p, args, ctx) => setUserStatus(ctx, args.input.id, 'active'),
      setUserRoles: (_p, args, ctx) => setUserRoles(ctx, args.input),
      setCustomerGroup: (_p, args, ctx) => setCustomerGroup(ctx, args.input),
    },
    User: {
      // Another subgraph's reference to a user the caller may not see is NOT_FOUND, like a direct lookup.
      __resolveReference: async (reference: { id: string }, ctx) => {
        const user = await loadUserReference(reference, ctx);
        if (!user) throw notFound('User');
        return user;
      },
      kind: (user: UserRow) => upper(user.kind),
      status: (user: UserRow) => upper(user.status),
      settings: (user: UserRow) => ({
        theme: upper(user.settings.theme ?? 'system'),
        density: upper(user.settings.density ?? 'comfortable'),
        emailNotifications: user.settings.emailNotifications ?? true,
      }),
      roles: (user: UserRow, _a, ctx) => rolesOf(ctx, user.id),
      permissions: async (user: UserRow, _a, ctx) => permissionsOf(await rolesOf(ctx, user.id)),
      mfaEnabled: (user: UserRow) => user.mfaSecret !== null,
      recoveryCodesRemaining: (user: UserRow, _a, ctx) =>
        user.mfaSecret === null ? null : recoveryCodesRemaining(ctx, user.id),
    },
  };
}
