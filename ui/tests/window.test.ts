import { describe, expect, it } from 'vitest';
import { fixedSlice, scrollToShow, wrappedLines, wrappedSlice } from '../src/lib/logs/window';

describe('fixedSlice', () => {
  it('renders only the rows in view plus the overscan', () => {
    const s = fixedSlice(100_000, 18, 18 * 5_000, 360, 8);
    expect(s.first, 'eight rows above row 5,000').toBe(4_992);
    expect(s.last, '20 visible rows and eight below').toBe(5_028);
    expect(s.offset, 'the first rendered row sits at its own top').toBe(4_992 * 18);
    expect(s.total, 'the spacer is as tall as every row').toBe(1_800_000);
    expect(s.last - s.first, 'at most a few dozen rows in the DOM for 100,000 lines').toBeLessThan(40);
  });

  it('clamps at both ends and handles an empty list', () => {
    expect(fixedSlice(10, 18, -50, 360, 2).first, 'scrolling above the top shows the first row').toBe(0);
    const bottom = fixedSlice(1_000, 18, 999_999, 360, 2);
    expect(bottom.last, 'scrolling past the end stops at the last row').toBe(1_000);
    expect(bottom.first, 'the last 20 rows and two of overscan').toBe(978);
    expect(fixedSlice(0, 18, 0, 360), 'nothing to draw').toEqual({ first: 0, last: 0, offset: 0, total: 0 });
  });
});

describe('wrappedSlice', () => {
  // Rows of 1, 3, 1, 3… visual lines: ends are 1, 4, 5, 8, …
  const heights = Array.from({ length: 1_000 }, (_, i) => (i % 2 === 0 ? 1 : 3));
  const ends: number[] = [];
  heights.reduce((sum, h) => (ends.push(sum + h), sum + h), 0);

  it('finds the rows under the scroll position by their cumulative heights', () => {
    // Top at visual line 40 = row 20 starts at line 40 (each pair of rows takes 4 lines).
    const s = wrappedSlice(1_000, (i) => ends[i], 0, 10, 400, 100, 0);
    expect(s.first, 'row 20 begins at line 40').toBe(20);
    expect(s.offset, 'offset is the top of row 20').toBe(400);
    expect(s.last, 'lines 40..50 cover rows 20 to 25').toBe(26);
    expect(s.total, '2,000 visual lines of 10 px').toBe(20_000);
  });

  it('counts visual lines of a wrapped row with a cap', () => {
    expect(wrappedLines(0, 80, 8), 'an empty line still takes one').toBe(1);
    expect(wrappedLines(161, 80, 8), '161 characters at 80 columns take three').toBe(3);
    expect(wrappedLines(100_000, 80, 8), 'a huge line is capped, its rest hidden behind expand').toBe(8);
  });
});

describe('scrollToShow', () => {
  it('moves only as far as needed to reveal a row', () => {
    expect(scrollToShow(500, 18, 0, 360), 'below the view: align its bottom').toBe(158);
    expect(scrollToShow(100, 18, 200, 360), 'above the view: align its top').toBe(100);
    expect(scrollToShow(250, 18, 200, 360), 'already visible: stay').toBe(200);
  });
});
