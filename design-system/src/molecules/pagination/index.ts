export { Pagination, type PaginationProps } from './pagination.tsx';
export { paginationItems } from './pagination-items.ts';
