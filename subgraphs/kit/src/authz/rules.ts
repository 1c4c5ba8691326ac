import type { GraphQLResolveInfo } from 'graphql';
import type { Actor, RequestContext } from '../context/request-context.ts';

/**
 * A permission rule: a named predicate over (parent, args, context). Rules marked `perRequest`
 * depend only on the context, so each is evaluated once per request and reused for every field.
 */
export interface Rule {
  readonly name: string;
  readonly perRequest: boolean;
  check(
    parent: unknown,
    args: Record<string, unknown>,
    ctx: RequestContext,
    info: GraphQLResolveInfo,
  ): boolean | Promise<boolean>;
}

/** Rules per type: one rule for every field of the type, or one per field (`'*'` for the rest). */
export type RuleMap = Record<string, Rule | Record<string, Rule>>;

export function rule(name: string, check: Rule['check'], options: { perRequest?: boolean } = {}): Rule {
  return { name, check, perRequest: options.perRequest ?? false };
}

export const allow: Rule = rule('allow', () => true, { perRequest: true });
export const deny: Rule = rule('deny', () => false, { perRequest: true });

export function and(...rules: Rule[]): Rule {
  return rule(
    `and(${rules.map((r) => r.name).join(',')})`,
    async (parent, args, ctx, info) => {
      for (const r of rules) if (!(await r.check(parent, args, ctx, info))) return false;
      return true;
    },
    { perRequest: rules.every((r) => r.perRequest) },
  );
}

export function or(...rules: Rule[]): Rule {
  return rule(
    `or(${rules.map((r) => r.name).join(',')})`,
    async (parent, args, ctx, info) => {
      for (const r of rules) if (await r.check(parent, args, ctx, info)) return true;
      return false;
    },
    { perRequest: rules.every((r) => r.perRequest) },
  );
}

export function not(inner: Rule): Rule {
  return rule(`not(${inner.name})`, async (...input) => !(await inner.check(...input)), {
    perRequest: inner.perRequest,
  });
}

/**
 * True when the actor holds `permission`; `catalog:*` grants every `catalog:` permission and `*`
 * every tenant permission. Platform permissions are never implied by `*`: a tenant's owner is not
 * the installation's operator.
 */
export function hasPermission(actor: Actor, permission: string): boolean {
  const [domain] = permission.split(':');
  return actor.permissions.some(
    (held) => held === permission || held === `${domain}:*` || (held === '*' && domain !== 'platform'),
  );
}

const permissionRules = new Map<string, Rule>();

/** A rule requiring one permission string. */
export function can(permission: string): Rule {
  let cached = permissionRules.get(permission);
  if (!cached) {
    cached = rule(`can(${permission})`, (_p, _a, ctx) => hasPermission(ctx.actor, permission), { perRequest: true });
    permissionRules.set(permission, cached);
  }
  return cached;
}

export const isAuthenticated: Rule = rule('isAuthenticated', (_p, _a, ctx) => ctx.actor.kind !== 'anonymous', {
  perRequest: true,
});

/** The request is bound to an active tenant (resolved from the token or the storefront host). */
export const hasTenant: Rule = rule('hasTenant', (_p, _a, ctx) => ctx.tenant !== null, { perRequest: true });

/** The platform operator: manages tenants across the installation. */
export const isPlatformOperator: Rule = can('platform:tenants');
