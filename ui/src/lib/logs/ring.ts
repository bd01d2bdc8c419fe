// A bounded buffer addressed by sequence numbers: an endless log keeps only its last
// `capacity` lines, so memory stays flat, and a line keeps its number while it is retained
// (views and search hits refer to lines by number, not by position).
export class RingBuffer<T> {
  private slots: (T | undefined)[];
  private first = 0; // sequence number of the oldest retained item
  private next = 0; // sequence number the next push gets

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.slots = new Array(capacity);
  }

  /** Number of items retained. */
  get length(): number {
    return this.next - this.first;
  }

  /** Sequence number of the oldest retained item. */
  get start(): number {
    return this.first;
  }

  /** Sequence number one past the newest item. */
  get end(): number {
    return this.next;
  }

  /** Appends an item; returns how many old items it evicted (0 or 1). */
  push(item: T): number {
    this.slots[this.next % this.capacity] = item;
    this.next += 1;
    if (this.next - this.first > this.capacity) {
      this.first += 1;
      return 1;
    }
    return 0;
  }

  /** The item numbered `seq`, or undefined once evicted or not yet pushed. */
  get(seq: number): T | undefined {
    if (seq < this.first || seq >= this.next) return undefined;
    return this.slots[seq % this.capacity];
  }

  clear(): void {
    this.slots = new Array(this.capacity);
    this.first = this.next;
  }
}
