'use client';
import { type ComponentProps, type ReactNode, useId, useState } from 'react';
import { Icon } from '../../atoms/icon/icon.tsx';
import { Input } from '../../atoms/input/input.tsx';
import { Select } from '../../atoms/select/select.tsx';
import { Skeleton } from '../../atoms/skeleton/skeleton.tsx';
import { EmptyState } from '../../molecules/empty-state/empty-state.tsx';
import { Pagination } from '../../molecules/pagination/pagination.tsx';
import { cx } from '../../utils/cx.ts';
import { useLocale } from '../../utils/locale-context.tsx';
import { formatNumber } from '../../utils/money.ts';
import { nextSort, type QueryColumn, queryRows, type SortState } from './query-rows.ts';
import './data-table.css';

export interface Column<Row> extends QueryColumn<Row> {
  header: string;
  /** The cell's content; the `value` as text when absent. */
  cell?: (row: Row) => ReactNode;
  sortable?: boolean;
  align?: 'start' | 'end';
  /** The row's name, read with its actions ("Order #1042"): a th scope="row". One column should have it. */
  rowHeader?: boolean;
}

export type DataTableProps<Row> = Omit<ComponentProps<'div'>, 'children'> & {
  /** Names the table (shown, or read only with `hideCaption`). */
  caption: string;
  hideCaption?: boolean;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  getRowId: (row: Row) => string;
  /** "orders": used in "Showing 1–10 of 42 orders". */
  itemName?: string;
  defaultSort?: SortState | null;
  pageSizes?: readonly number[];
  defaultPageSize?: number;
  /** Show the text filter. */
  filterable?: boolean;
  /**
   * The server sorts, filters and pages (a GraphQL connection): the table then shows `rows` as they are, reports
   * changes through the callbacks, and needs `totalRows`.
   */
  manual?: {
    totalRows: number;
    onQueryChange: (query: { sort: SortState | null; filter: string; page: number; pageSize: number }) => void;
  };
  loading?: boolean;
  emptyState?: ReactNode;
};

/**
 * The back-office table: sortable headers (buttons inside th with aria-sort), a text filter, page size and pages,
 * a live status line for every change, and a caption naming it.
 */
export function DataTable<Row>({
  caption,
  hideCaption = false,
  columns,
  rows,
  getRowId,
  itemName = 'rows',
  defaultSort = null,
  pageSizes = [10, 25, 50],
  defaultPageSize = pageSizes[0] ?? 10,
  filterable = true,
  manual,
  loading = false,
  emptyState,
  className,
  ...props
}: DataTableProps<Row>) {
  const locale = useLocale();
  const id = useId();
  const [sort, setSort] = useState<SortState | null>(defaultSort);
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(defaultPageSize);

  const change = (next: Partial<{ sort: SortState | null; filter: string; page: number; pageSize: number }>) => {
    const query = { sort, filter, page, pageSize, ...next };
    setSort(query.sort);
    setFilter(query.filter);
    setPage(query.page);
    setPageSize(query.pageSize);
    manual?.onQueryChange(query);
  };

  const result = manual
    ? { rows: [...rows], total: manual.totalRows, pageCount: Math.max(1, Math.ceil(manual.totalRows / pageSize)), page }
    : queryRows(rows, columns, { sort, filter, page, pageSize });
  const first = result.total === 0 ? 0 : (result.page - 1) * pageSize + 1;
  const last = Math.min(result.total, result.page * pageSize);
  const sortedColumn = columns.find((column) => column.id === sort?.columnId);
  const status = loading
    ? 'Loading…'
    : result.total === 0
      ? `No ${itemName}`
      : `Showing ${formatNumber(first, locale)}–${formatNumber(last, locale)} of ${formatNumber(result.total, locale)} ${itemName}${
          sortedColumn && sort ? `, sorted by ${sortedColumn.header} ${sort.direction}` : ''
        }`;

  return (
    <div
      className={cx('mds-table', className)}
      data-state={loading ? 'loading' : result.total === 0 ? 'empty' : 'ready'}
      {...props}
    >
      <div className="mds-table__toolbar">
        {filterable ? (
          <div className="mds-table__filter">
            <label htmlFor={`${id}-filter`} className="mds-visually-hidden">
              Filter {itemName}
            </label>
            <Input
              id={`${id}-filter`}
              type="search"
              size="sm"
              startIcon="filter"
              placeholder={`Filter ${itemName}`}
              value={filter}
              onChange={(event) => change({ filter: event.currentTarget.value, page: 1 })}
            />
          </div>
        ) : null}
        <p className="mds-table__status" role="status">
          {status}
        </p>
      </div>
      {/* a scrolling box must take focus, or keyboard users cannot scroll a wide table (axe scrollable-region) */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: see above */}
      <section className="mds-table__scroll" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table className="mds-table__table" aria-busy={loading || undefined}>
          <caption id={`${id}-caption`} className={hideCaption ? 'mds-visually-hidden' : 'mds-table__caption'}>
            {caption}
          </caption>
          <thead>
            <tr>
              {columns.map((column) => {
                const direction = sort?.columnId === column.id ? sort.direction : undefined;
                const sortable = column.sortable && column.value;
                return (
                  <th
                    key={column.id}
                    scope="col"
                    aria-sort={sortable ? (direction ?? 'none') : undefined}
                    data-align={column.align}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        className="mds-table__sort"
                        onClick={() => change({ sort: nextSort(sort, column.id), page: 1 })}
                      >
                        {column.header}
                        <Icon
                          name={
                            direction === 'ascending' ? 'arrow-up' : direction === 'descending' ? 'arrow-down' : 'sort'
                          }
                          size="sm"
                        />
                      </button>
                    ) : (
                      column.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {loading
              ? Array.from({ length: Math.min(pageSize, 5) }, (_, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholder rows
                  <tr key={index}>
                    {columns.map((column) => (
                      <td key={column.id}>
                        <Skeleton width="70%" />
                      </td>
                    ))}
                  </tr>
                ))
              : result.rows.map((row) => (
                  <tr key={getRowId(row)}>
                    {columns.map((column) => {
                      const content = column.cell ? column.cell(row) : String(column.value?.(row) ?? '');
                      return column.rowHeader ? (
                        <th key={column.id} scope="row" data-align={column.align}>
                          {content}
                        </th>
                      ) : (
                        <td key={column.id} data-align={column.align}>
                          {content}
                        </td>
                      );
                    })}
                  </tr>
                ))}
          </tbody>
        </table>
        {!loading && result.total === 0
          ? (emptyState ?? (
              <EmptyState
                headingLevel={3}
                icon="search"
                title={filter ? `No ${itemName} match “${filter}”` : `No ${itemName} yet`}
              />
            ))
          : null}
      </section>
      <div className="mds-table__footer">
        <div className="mds-table__page-size">
          <label htmlFor={`${id}-page-size`}>Rows per page</label>
          <Select
            id={`${id}-page-size`}
            size="sm"
            value={String(pageSize)}
            options={pageSizes.map((size) => ({ value: String(size), label: String(size) }))}
            onChange={(event) => change({ pageSize: Number(event.currentTarget.value), page: 1 })}
          />
        </div>
        <Pagination
          page={result.page}
          pageCount={result.pageCount}
          onPageChange={(next) => change({ page: next })}
          aria-label={`${caption} pages`}
        />
      </div>
    </div>
  );
}
