// An increasing list of sequence numbers that grows at the back and loses its oldest entries
// when the ring buffer evicts them: the lines a filter keeps, or the lines a search finds.
// Each entry carries a weight (its height in visual lines when wrapping) kept as running
// totals, so the view can find the row at any scroll position by binary search.
export class SeqList {
  private items: number[] = [];
  private ends: number[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  at(i: number): number {
    return this.items[this.head + i];
  }

  /** Total weight of entries 0..=i. */
  endOf(i: number): number {
    return this.ends[this.head + i] - this.base;
  }

  /** Weight of every retained entry. */
  get weight(): number {
    return this.length === 0 ? 0 : this.endOf(this.length - 1);
  }

  private get base(): number {
    return this.head === 0 ? 0 : this.ends[this.head - 1];
  }

  push(seq: number, weight = 1): void {
    const last = this.ends.length === 0 ? 0 : this.ends[this.ends.length - 1];
    this.items.push(seq);
    this.ends.push(last + weight);
  }

  /** Drops every number below `seq` (the ring's new start); returns how many it dropped. */
  dropBelow(seq: number): number {
    const before = this.length;
    while (this.head < this.items.length && this.items[this.head] < seq) this.head += 1;
    // Compact now and then so the dead front does not grow without bound.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      const base = this.base;
      this.items = this.items.slice(this.head);
      this.ends = this.ends.slice(this.head).map((e) => e - base);
      this.head = 0;
    }
    return before - this.length;
  }

  /** Index of the first entry >= seq (length when none). */
  lowerBound(seq: number): number {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid] < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  clear(): void {
    this.items = [];
    this.ends = [];
    this.head = 0;
  }
}
