/** Facet selection as plain data: the app keeps it in the URL (`?colour=green&colour=blue`) and sends it to search. */
export interface FacetOption {
  value: string;
  label: string;
  /** Products with this value under the other current filters; 0 disables the option. */
  count?: number;
}

export interface Facet {
  id: string;
  label: string;
  options: readonly FacetOption[];
}

export type FacetSelection = Readonly<Record<string, readonly string[]>>;

/** Adds or removes one value; empty facets are dropped so the selection (and the URL) stays minimal. */
export function toggleFacetValue(selection: FacetSelection, facetId: string, value: string): FacetSelection {
  const current = selection[facetId] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const { [facetId]: _removed, ...rest } = selection;
  return next.length > 0 ? { ...rest, [facetId]: next } : rest;
}

/** The chosen values in facet order, with labels, for the "active filters" chips. */
export function activeFilters(facets: readonly Facet[], selection: FacetSelection) {
  return facets.flatMap((facet) =>
    (selection[facet.id] ?? []).map((value) => ({
      facetId: facet.id,
      facetLabel: facet.label,
      value,
      label: facet.options.find((option) => option.value === value)?.label ?? value,
    })),
  );
}
