/**
 * Sorting, filtering and paging of rows held in the browser: a pure function, so the table stays a view and the
 * same rules can be tested without a DOM. Tables backed by the graph pass `manual` and let the server do this.
 */
export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  columnId: string;
  direction: SortDirection;
}

export interface QueryColumn<Row> {
  id: string;
  /** The value to sort and filter by; the column is neither sortable nor searchable without it. */
  value?: (row: Row) => string | number | Date | null | undefined;
}

export interface RowQuery {
  sort?: SortState | null;
  /** Case- and accent-insensitive text that must appear in one of the columns with a value. */
  filter?: string;
  page: number;
  pageSize: number;
}

export interface RowPage<Row> {
  rows: Row[];
  /** Rows after filtering, before paging. */
  total: number;
  pageCount: number;
  /** The page actually shown (clamped when the filter leaves fewer pages). */
  page: number;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function compare(a: unknown, b: unknown): number {
  // empty values go after the others when ascending (and so before them when descending)
  if (a === null || a === undefined || a === '') return b === null || b === undefined || b === '' ? 0 : 1;
  if (b === null || b === undefined || b === '') return -1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

export function queryRows<Row>(
  rows: readonly Row[],
  columns: readonly QueryColumn<Row>[],
  query: RowQuery,
): RowPage<Row> {
  let result = [...rows];
  const needle = fold(query.filter?.trim() ?? '');
  if (needle) {
    const searchable = columns.filter((column) => column.value);
    result = result.filter((row) =>
      searchable.some((column) => {
        const value = column.value?.(row);
        return (
          value !== null &&
          value !== undefined &&
          fold(value instanceof Date ? value.toISOString() : String(value)).includes(needle)
        );
      }),
    );
  }
  const sortColumn = query.sort ? columns.find((column) => column.id === query.sort?.columnId) : undefined;
  if (sortColumn?.value && query.sort) {
    const sign = query.sort.direction === 'ascending' ? 1 : -1;
    const value = sortColumn.value;
    // Array.prototype.sort is stable: equal rows keep their original order
    result.sort((a, b) => sign * compare(value(a), value(b)));
  }
  const pageSize = Math.max(1, query.pageSize);
  const pageCount = Math.max(1, Math.ceil(result.length / pageSize));
  const page = Math.min(Math.max(1, query.page), pageCount);
  return { rows: result.slice((page - 1) * pageSize, page * pageSize), total: result.length, pageCount, page };
}

/** Clicking a header: a new column sorts ascending, the same column flips. */
export function nextSort(current: SortState | null | undefined, columnId: string): SortState {
  if (current?.columnId === columnId) {
    return { columnId, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { columnId, direction: 'ascending' };
}
