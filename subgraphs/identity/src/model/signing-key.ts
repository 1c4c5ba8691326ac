import { type RequestContext, type UserError, userError } from '@meridian/kit';
import type { IdentityServices } from '../services.ts';
import { accessTokenSeconds } from './session-tokens.ts';

const maxOverlapSeconds = 7 * 86_400;

/**
 * A new signing key for access tokens. The overlap must outlast the tokens signed with the old key,
 * or they would be refused before they expire.
 */
export async function rotateSigningKey(
  ctx: RequestContext,
  services: IdentityServices,
  input: { overlapSeconds?: number | null },
): Promise<{ kid: string | null; userErrors: UserError[] }> {
  const overlapSeconds = input.overlapSeconds ?? 900;
  if (overlapSeconds < accessTokenSeconds || overlapSeconds > maxOverlapSeconds) {
    return {
      kid: null,
      userErrors: [
        userError(
          ['input', 'overlapSeconds'],
          'OUT_OF_RANGE',
          `Between ${accessTokenSeconds} and ${maxOverlapSeconds}`,
        ),
      ],
    };
  }
  const { kid } = await services.signingKeys.rotate({ overlapSeconds });
  // A platform action: no tenant's trail to append to, so the operator's log carries it.
  ctx.log.warn(
    { kid, overlapSeconds, actor: ctx.actor.userId ?? ctx.actor.clientId },
    'access-token signing key rotated',
  );
  return { kid, userErrors: [] };
}
