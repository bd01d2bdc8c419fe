// Which rows of a long list are on screen: only those are in the DOM. Fixed-height rows use
// plain arithmetic; wrapped rows (several visual lines each) use cumulative heights.

export type Slice = {
  /** First row to render. */
  first: number;
  /** One past the last row to render. */
  last: number;
  /** Pixels above the first rendered row. */
  offset: number;
  /** Height of the whole list in pixels. */
  total: number;
};

/** Rows of equal height `rowHeight`, `overscan` extra rows drawn above and below. */
export function fixedSlice(count: number, rowHeight: number, scrollTop: number, viewport: number, overscan = 8): Slice {
  const total = count * rowHeight;
  if (count === 0 || rowHeight <= 0) return { first: 0, last: 0, offset: 0, total };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, total - viewport));
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((top + viewport) / rowHeight) + overscan);
  return { first, last, offset: first * rowHeight, total };
}

/**
 * Rows whose heights are given in visual lines by `ends`: ends[i] is the number of visual lines
 * up to and including row i (increasing), `base` the count before row 0.
 */
export function wrappedSlice(
  count: number,
  endOf: (i: number) => number,
  base: number,
  lineHeight: number,
  scrollTop: number,
  viewport: number,
  overscan = 4,
): Slice {
  if (count === 0) return { first: 0, last: 0, offset: 0, total: 0 };
  const lines = endOf(count - 1) - base;
  const total = lines * lineHeight;
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, total - viewport));
  const rowAt = (px: number) => {
    const line = base + px / lineHeight;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (endOf(mid) <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const first = Math.max(0, rowAt(top) - overscan);
  const last = Math.min(count, rowAt(top + viewport) + 1 + overscan);
  const offset = (first === 0 ? 0 : endOf(first - 1) - base) * lineHeight;
  return { first, last, offset, total };
}

/** Visual lines a row of `chars` characters takes at `columns` per line, at most `cap`. */
export function wrappedLines(chars: number, columns: number, cap: number): number {
  if (columns <= 0) return 1;
  return Math.min(cap, Math.max(1, Math.ceil(chars / columns)));
}

/** scrollTop that brings row `index` into view (unchanged when it already is). */
export function scrollToShow(rowTop: number, rowHeight: number, scrollTop: number, viewport: number): number {
  if (rowTop < scrollTop) return rowTop;
  if (rowTop + rowHeight > scrollTop + viewport) return rowTop + rowHeight - viewport;
  return scrollTop;
}
