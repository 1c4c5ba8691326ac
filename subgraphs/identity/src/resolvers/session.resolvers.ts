import { type Resolvers, toConnection } from '@meridian/kit';
import { changePassword, requestPasswordReset, resetPassword } from '../model/password.ts';
import { listSessions, revokeSession, type SessionRow } from '../model/session.ts';
import { refreshSession, signIn, signOut } from '../model/sign-in.ts';
import type { IdentityServicesProvider } from '../services.ts';

export function sessionResolvers(services: IdentityServicesProvider): Resolvers {
  return {
    Query: {
      sessions: async (_p, args: { userId?: string; first?: number; after?: string }, ctx) => {
        const page = await listSessions(ctx, args);
        return toConnection(page.nodes, { hasNextPage: page.hasNextPage, cursorOf: (s) => s.id });
      },
    },
    Mutation: {
      signIn: async (_p, args, ctx) => signIn(ctx, await services(), args.input),
      refreshSession: async (_p, args, ctx) => refreshSession(ctx, await services(), args.input),
      signOut: (_p, args, ctx) => signOut(ctx, args.input),
      revokeSession: (_p, args, ctx) => revokeSession(ctx, args.input),
      changePassword: async (_p, args, ctx) => changePassword(ctx, await services(), args.input),
      requestPasswordReset: async (_p, args, ctx) => requestPasswordReset(ctx, await services(), args.input),
      resetPassword: async (_p, args, ctx) => resetPassword(ctx, await services(), args.input),
    },
    Session: {
      current: (session: SessionRow, _a, ctx) => ctx.actor.sessionId === session.id,
      status: (session: SessionRow) => session.status.toUpperCase(),
    },
  };
}
