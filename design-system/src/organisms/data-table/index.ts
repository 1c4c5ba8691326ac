export { type Column, DataTable, type DataTableProps } from './data-table.tsx';
export {
  nextSort,
  type QueryColumn,
  queryRows,
  type RowPage,
  type RowQuery,
  type SortDirection,
  type SortState,
} from './query-rows.ts';
