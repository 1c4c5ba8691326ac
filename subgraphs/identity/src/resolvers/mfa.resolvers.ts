import type { Resolvers } from '@meridian/kit';
import {
  confirmMfaEnrolment,
  disableMfa,
  regenerateRecoveryCodes,
  resetUserMfa,
  startMfaEnrolment,
} from '../model/mfa.ts';
import { reencryptMfaSecrets } from '../model/mfa-keys.ts';
import { getSecurityPolicy, updateSecurityPolicy } from '../model/policy.ts';
import { rotateSigningKey } from '../model/signing-key.ts';
import type { IdentityServicesProvider } from '../services.ts';

export function mfaResolvers(services: IdentityServicesProvider): Resolvers {
  return {
    Query: {
      securityPolicy: (_p, _a, ctx) => getSecurityPolicy(ctx),
    },
    Mutation: {
      startMfaEnrolment: async (_p, _a, ctx) => startMfaEnrolment(ctx, await services()),
      confirmMfaEnrolment: async (_p, args, ctx) => confirmMfaEnrolment(ctx, await services(), args.input),
      disableMfa: async (_p, args, ctx) => disableMfa(ctx, await services(), args.input),
      regenerateRecoveryCodes: async (_p, args, ctx) => regenerateRecoveryCodes(ctx, await services(), args.input),
      resetUserMfa: (_p, args, ctx) => resetUserMfa(ctx, args.input),
      updateSecurityPolicy: (_p, args, ctx) => updateSecurityPolicy(ctx, args.input),
      reencryptMfaSecrets: async (_p, args, ctx) => reencryptMfaSecrets(ctx, await services(), args.input),
      rotateSigningKey: async (_p, args, ctx) => rotateSigningKey(ctx, await services(), args.input),
    },
  };
}
