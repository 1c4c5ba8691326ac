import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../context/request-context.ts';
import { forbidden } from '../errors.ts';
import { allow, type Rule, type RuleMap } from './rules.ts';

/** Federation's entry points: the gateway needs them; what they return is checked by type rules. */
const federationRules: RuleMap = { Query: { _service: allow, _entities: allow }, _Service: allow };

function ruleFor(rules: RuleMap, typeName: string, fieldName: string): Rule | undefined {
  const forType = rules[typeName];
  if (!forType) return undefined;
  if ('check' in forType && typeof forType.check === 'function') return forType as Rule;
  const fields = forType as Record<string, Rule>;
  return fields[fieldName] ?? fields['*'];
}

const perRequestResults = new WeakMap<object, Map<Rule, boolean | Promise<boolean>>>();

function evaluate(
  r: Rule,
  parent: unknown,
  args: Record<string, unknown>,
  ctx: RequestContext,
  info: Parameters<Rule['check']>[3],
) {
  if (!r.perRequest) return r.check(parent, args, ctx, info);
  let results = perRequestResults.get(ctx);
  if (!results) {
    results = new Map();
    perRequestResults.set(ctx, results);
  }
  let result = results.get(r);
  if (result === undefined) {
    result = r.check(parent, args, ctx, info);
    results.set(r, result);
  }
  return result;
}

/**
 * Wraps every field resolver with its rule. Deny by default: a field without a rule is FORBIDDEN,
 * so a new field is closed until someone decides who may see it. `allow` costs nothing (no wrapper),
 * and a rule already known for this request answers synchronously.
 */
export function applyPermissions(schema: GraphQLSchema, rules: RuleMap): GraphQLSchema {
  const all: RuleMap = { ...rules };
  for (const [type, extra] of Object.entries(federationRules)) {
    const existing = all[type];
    all[type] =
      existing && !('check' in existing) ? { ...(extra as Record<string, Rule>), ...existing } : (existing ?? extra);
  }
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      if (typeName.startsWith('__')) return field;
      const r = ruleFor(all, typeName, fieldName) ?? ruleFor(federationRules, typeName, fieldName);
      if (r === allow) return field;
      const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, RequestContext>;
      const guarded: GraphQLFieldResolver<unknown, RequestContext> = (parent, args, ctx, info) => {
        if (!r) throw forbidden();
        const verdict = evaluate(r, parent, args, ctx, info);
        if (verdict === true) return resolve(parent, args, ctx, info);
        if (verdict === false) throw forbidden();
        return verdict.then((ok) => {
          if (!ok) throw forbidden();
          return resolve(parent, args, ctx, info);
        });
      };
      return { ...field, resolve: guarded };
    },
  });
}
