import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { MeridianError } from '@meridian/kit';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * What one operation may ask of the graph. Tokens are enforced by the parser (`parseOptions.maxTokens`);
 * depth, aliases and cost are measured on the resolved operation, before the gateway plans it.
 */
export interface QueryLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

export const defaultQueryLimits: QueryLimits = { maxTokens: 5000, maxDepth: 12, maxAliases: 30, maxCost: 10_000 };

/** Page size assumed for a paginated field whose `first`/`last` is absent (the kit's default page). */
const defaultPage = 50;
/** The kit caps pages at 250; a larger `first` costs as 250 since no more rows come back. */
const maxPage = 250;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
}

interface SetMeasure {
  depth: number;
  aliases: number;
  /** Cost of the set at multiplier 1; cost is linear in the multiplier, so fragments are measured once. */
  cost: number;
}

function intValue(node: ValueNode, variables: Map<string, unknown>): number | null {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const value = variables.get(node.name.value);
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return null;
}

/** A Relay connection is recognised by its shape: it selects `edges` or `nodes`. */
function selectsConnection(set: SelectionSetNode | undefined): boolean {
  return (set?.selections ?? []).some(
    (s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'nodes'),
  );
}

/**
 * How many items a field's children are repeated for: its `first` or `last` argument (bounded as the
 * kit's pageSize bounds it), the kit's default page for a connection given neither, else 1.
 */
function multiplierOf(field: FieldNode, variables: Map<string, unknown>): number {
  let paginated = selectsConnection(field.selectionSet);
  for (const arg of field.arguments ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    paginated = true;
    const n = intValue(arg.value, variables);
    if (n !== null) return Math.min(Math.max(Math.trunc(n), 1), maxPage);
  }
  return paginated ? defaultPage : 1;
}

const introspectionFields = new Set(['__schema', '__type', '__typename']);

/** True when every root field is introspection (the development sandbox's own schema query). */
export function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && introspectionFields.has(s.name.value));
}

/**
 * Depth (fields nested, the root's fields at 1), aliases (every aliased field, through fragments) and a
 * static cost: each field costs 1 times the product of the page sizes of the paginated fields above it.
 * Leaves count too: a wide selection on a big page is real work for the subgraphs.
 */
export function measureOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  given: Record<string, unknown> = {},
): OperationMeasure {
  // A page size from a variable the request leaves out is the variable's default.
  const variables = new Map<string, unknown>();
  for (const definition of operation.variableDefinitions ?? []) {
    const fallback = definition.defaultValue;
    if (fallback?.kind === Kind.INT) variables.set(definition.variable.name.value, Number(fallback.value));
  }
  for (const [name, value] of Object.entries(given)) variables.set(name, value);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Memoised per fragment: a fragment spread many times is measured once (no exponential blow-up).
  const fragmentMeasures = new Map<string, SetMeasure>();
  const visiting = new Set<string>();

  const measureSet = (set: SelectionSetNode): SetMeasure => {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const selection of set.selections) {
      let inner: SetMeasure;
      if (selection.kind === Kind.FIELD) {
        const child = selection.selectionSet ? measureSet(selection.selectionSet) : { depth: 0, aliases: 0, cost: 0 };
        inner = {
          depth: child.depth + 1,
          aliases: child.aliases + (selection.alias ? 1 : 0),
          cost: 1 + multiplierOf(selection, variables) * child.cost,
        };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measureSet(selection.selectionSet);
      } else {
        inner = measureFragment(selection.name.value);
      }
      depth = Math.max(depth, inner.depth);
      aliases += inner.aliases;
      cost += inner.cost;
    }
    return { depth, aliases, cost };
  };

  const measureFragment = (name: string): SetMeasure => {
    const known = fragmentMeasures.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // Unknown or cyclic fragments are refused by validation before this runs; count them as nothing.
    if (!fragment || visiting.has(name)) return { depth: 0, aliases: 0, cost: 0 };
    visiting.add(name);
    const measured = measureSet(fragment.selectionSet);
    visiting.delete(name);
    fragmentMeasures.set(name, measured);
    return measured;
  };

  return measureSet(operation.selectionSet);
}

function tooMuch(what: string, measured: number, limit: number): MeridianError {
  return new MeridianError('BAD_USER_INPUT', `Query ${what} ${measured} exceeds the limit of ${limit}`, {
    limit: what,
    measured,
    maximum: limit,
    http: { status: 400 },
  });
}

/** Throws BAD_USER_INPUT naming the first limit an operation exceeds. */
export function assertWithinLimits(measure: OperationMeasure, limits: QueryLimits): void {
  if (measure.depth > limits.maxDepth) throw tooMuch('depth', measure.depth, limits.maxDepth);
  if (measure.aliases > limits.maxAliases) throw tooMuch('aliases', measure.aliases, limits.maxAliases);
  if (measure.cost > limits.maxCost) throw tooMuch('cost', measure.cost, limits.maxCost);
}

/**
 * Refuses an operation over the limits once Apollo has parsed, validated and resolved it, and before the
 * gateway plans or sends anything to a subgraph. Introspection is exempt when it is enabled at all
 * (development only): the sandbox's schema query is deep by nature.
 */
export function queryLimitsPlugin<TContext extends BaseContext>(
  limits: QueryLimits,
  options: { introspection: boolean },
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          if (options.introspection && isIntrospectionOnly(operation)) return;
          assertWithinLimits(measureOperation(document, operation, request.variables ?? {}), limits);
        },
      };
    },
  };
}
