/** A Relay connection from a page of items fetched with `first + 1` (the extra one says hasNextPage). */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export function toConnection<T>(
  nodes: T[],
  options: { hasNextPage: boolean; hasPreviousPage?: boolean; cursorOf: (node: T) => string },
): Connection<T> {
  const edges = nodes.map((node) => ({ cursor: options.cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: options.hasNextPage,
      hasPreviousPage: options.hasPreviousPage ?? false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Page sizes are bounded: a client cannot ask for a million rows. */
export function pageSize(first: number | null | undefined, max = 250): number {
  if (first === null || first === undefined) return 50;
  return Math.min(Math.max(Math.trunc(first), 1), max);
}
