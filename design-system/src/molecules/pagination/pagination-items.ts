/**
 * The page numbers to show: always the first and last page, `siblings` pages either side of the current one, and a
 * gap where pages are skipped. The list length stays constant while paging, so the buttons do not jump around.
 */
export function paginationItems(page: number, pageCount: number, siblings = 1): Array<number | 'gap'> {
  if (pageCount <= 0) return [];
  const current = Math.min(Math.max(1, page), pageCount);
  // first + last + current + siblings on both sides + two gaps
  const slots = 2 * siblings + 5;
  if (pageCount <= slots) return range(1, pageCount);
  const left = Math.max(current - siblings, 1);
  const right = Math.min(current + siblings, pageCount);
  const showLeftGap = left > 3;
  const showRightGap = right < pageCount - 2;
  if (!showLeftGap) return [...range(1, slots - 2), 'gap', pageCount];
  if (!showRightGap) return [1, 'gap', ...range(pageCount - (slots - 3), pageCount)];
  return [1, 'gap', ...range(left, right), 'gap', pageCount];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}
