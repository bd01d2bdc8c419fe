import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../src/lib/logs/ring';
import { SeqList } from '../src/lib/logs/seqlist';

describe('RingBuffer', () => {
  it('keeps at most its capacity and evicts the oldest first', () => {
    const ring = new RingBuffer<string>(3);
    const evicted = ['a', 'b', 'c', 'd', 'e'].map((x) => ring.push(x));
    expect(evicted, 'the fourth and fifth push each evict one').toEqual([0, 0, 0, 1, 1]);
    expect(ring.length, 'length never exceeds capacity').toBe(3);
    expect(ring.start, 'a and b were evicted').toBe(2);
    expect(ring.end, 'five items were pushed').toBe(5);
    expect([2, 3, 4].map((s) => ring.get(s)), 'the newest three remain under their numbers').toEqual(['c', 'd', 'e']);
    expect(ring.get(1), 'an evicted number reads as gone').toBeUndefined();
    expect(ring.get(5), 'a number not yet pushed reads as gone').toBeUndefined();
  });

  it('stays flat over a long stream', () => {
    const ring = new RingBuffer<number>(100_000);
    for (let i = 0; i < 250_000; i++) ring.push(i);
    expect(ring.length, 'an endless log keeps only the last 100,000').toBe(100_000);
    expect(ring.get(ring.start), 'the oldest kept line is line 150,000').toBe(150_000);
    expect(ring.get(ring.end - 1), 'the newest is the last pushed').toBe(249_999);
  });

  it('clears without reusing numbers', () => {
    const ring = new RingBuffer<string>(2);
    ring.push('a');
    ring.clear();
    expect(ring.length, 'nothing kept after clear').toBe(0);
    ring.push('b');
    expect(ring.get(1), 'numbering continues after clear').toBe('b');
  });

  it('refuses a capacity below one', () => {
    expect(() => new RingBuffer(0), 'a zero capacity could keep nothing').toThrow(RangeError);
  });
});

describe('SeqList', () => {
  it('drops numbers below the ring start and keeps running weights', () => {
    const list = new SeqList();
    [1, 4, 6, 9].forEach((s, i) => list.push(s, i + 1));
    expect(list.weight, 'weights 1+2+3+4').toBe(10);
    expect(list.dropBelow(5), 'seqs 1 and 4 go').toBe(2);
    expect(list.length, 'two remain').toBe(2);
    expect(list.at(0), 'first remaining is 6').toBe(6);
    expect(list.endOf(0), 'weights are re-based on the first remaining entry').toBe(3);
    expect(list.weight, 'weights 3+4 remain').toBe(7);
    expect(list.lowerBound(7), 'binary search finds the index of 9').toBe(1);
    expect(list.lowerBound(100), 'past the end gives length').toBe(2);
  });

  it('compacts its dead front and keeps positions right', () => {
    const list = new SeqList();
    for (let s = 0; s < 20_000; s++) list.push(s, 2);
    const dropped = list.dropBelow(15_000);
    expect(dropped, 'exactly the numbers below 15,000 are dropped').toBe(15_000);
    expect(list.length, '5,000 remain').toBe(5_000);
    expect(list.at(0), 'the first remaining is 15,000').toBe(15_000);
    expect(list.endOf(4_999), 'weights re-based after compaction').toBe(10_000);
    expect(list.lowerBound(17_000), 'search still maps numbers to positions').toBe(2_000);
  });
});
