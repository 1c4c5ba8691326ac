import { describe, expect, it } from 'vitest';
import { paginationItems } from './pagination-items.ts';

describe('paginationItems', () => {
  it('lists every page when they fit', () => {
    expect(paginationItems(1, 1)).toEqual([1]);
    expect(paginationItems(3, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(paginationItems(1, 0)).toEqual([]);
  });

  it('collapses the far side near the start and the end', () => {
    expect(paginationItems(1, 20)).toEqual([1, 2, 3, 4, 5, 'gap', 20]);
    expect(paginationItems(4, 20)).toEqual([1, 2, 3, 4, 5, 'gap', 20]);
    expect(paginationItems(20, 20)).toEqual([1, 'gap', 16, 17, 18, 19, 20]);
  });

  it('shows the current page with its siblings in the middle', () => {
    expect(paginationItems(10, 20)).toEqual([1, 'gap', 9, 10, 11, 'gap', 20]);
    expect(paginationItems(10, 20, 2)).toEqual([1, 'gap', 8, 9, 10, 11, 12, 'gap', 20]);
  });

  it('keeps the same number of slots while paging', () => {
    for (let page = 1; page <= 30; page += 1) expect(paginationItems(page, 30)).toHaveLength(7);
  });

  it('clamps a page outside the range', () => {
    expect(paginationItems(99, 20)).toEqual(paginationItems(20, 20));
    expect(paginationItems(-3, 20)).toEqual(paginationItems(1, 20));
  });
});
