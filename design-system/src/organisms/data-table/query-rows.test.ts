import { describe, expect, it } from 'vitest';
import { nextSort, queryRows } from './query-rows.ts';

interface Row {
  id: number;
  name: string;
  total: number | null;
}

const rows: Row[] = [
  { id: 1, name: 'Zoë', total: 30 },
  { id: 2, name: 'adam', total: 5 },
  { id: 3, name: 'Émile', total: null },
  { id: 4, name: 'item 10', total: 5 },
  { id: 5, name: 'item 9', total: 12 },
];
const columns = [
  { id: 'name', value: (row: Row) => row.name },
  { id: 'total', value: (row: Row) => row.total },
  { id: 'actions' },
];
const all = { page: 1, pageSize: 50 };
const ids = (list: Row[]) => list.map((row) => row.id);

describe('queryRows', () => {
  it('returns everything unchanged without sort or filter', () => {
    expect(queryRows(rows, columns, all)).toEqual({ rows, total: 5, pageCount: 1, page: 1 });
  });

  it('sorts text naturally and case-insensitively, both ways', () => {
    expect(ids(queryRows(rows, columns, { ...all, sort: { columnId: 'name', direction: 'ascending' } }).rows)).toEqual([
      2, 3, 5, 4, 1,
    ]);
    expect(ids(queryRows(rows, columns, { ...all, sort: { columnId: 'name', direction: 'descending' } }).rows)).toEqual(
      [1, 4, 5, 3, 2],
    );
  });

  it('sorts numbers numerically, keeps ties in order and puts empty values at the end when ascending', () => {
    expect(ids(queryRows(rows, columns, { ...all, sort: { columnId: 'total', direction: 'ascending' } }).rows)).toEqual(
      [2, 4, 5, 1, 3],
    );
  });

  it('ignores a sort on a column without values', () => {
    expect(
      ids(queryRows(rows, columns, { ...all, sort: { columnId: 'actions', direction: 'ascending' } }).rows),
    ).toEqual([1, 2, 3, 4, 5]);
  });

  it('filters across columns, ignoring case and accents', () => {
    expect(ids(queryRows(rows, columns, { ...all, filter: 'emile' }).rows)).toEqual([3]);
    expect(ids(queryRows(rows, columns, { ...all, filter: ' ITEM ' }).rows)).toEqual([4, 5]);
    expect(ids(queryRows(rows, columns, { ...all, filter: '30' }).rows)).toEqual([1]);
    expect(queryRows(rows, columns, { ...all, filter: 'nobody' })).toMatchObject({
      rows: [],
      total: 0,
      pageCount: 1,
      page: 1,
    });
  });

  it('pages after filtering and clamps the page', () => {
    expect(queryRows(rows, columns, { page: 2, pageSize: 2 })).toMatchObject({ total: 5, pageCount: 3, page: 2 });
    expect(ids(queryRows(rows, columns, { page: 2, pageSize: 2 }).rows)).toEqual([3, 4]);
    expect(queryRows(rows, columns, { page: 9, pageSize: 2, filter: 'item' })).toMatchObject({ page: 1, pageCount: 1 });
  });
});

describe('nextSort', () => {
  it('starts ascending on a new column and flips on the same one', () => {
    expect(nextSort(null, 'name')).toEqual({ columnId: 'name', direction: 'ascending' });
    expect(nextSort({ columnId: 'name', direction: 'ascending' }, 'name')).toEqual({
      columnId: 'name',
      direction: 'descending',
    });
    expect(nextSort({ columnId: 'name', direction: 'descending' }, 'total')).toEqual({
      columnId: 'total',
      direction: 'ascending',
    });
  });
});
