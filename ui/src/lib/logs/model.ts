// The logs view's data: a bounded ring of lines, the lines the filter keeps, and the lines
// the search finds, all updated incrementally as batches arrive so a fast log costs work in
// proportion to what arrives, not to what is kept.
import type { LogLine } from '../bindings/LogLine';
import type { LogStream } from '../bindings/LogStream';
import { stripAnsi } from './ansi';
import { RingBuffer } from './ring';
import { SeqList } from './seqlist';
import { wrappedLines } from './window';

export const CAPACITY = 100_000;
/** Characters of one line drawn before it is cut with an expand affordance. */
export const SHOWN_CHARS = 2_000;
/** Visual lines one wrapped row may take before it is cut. */
export const WRAP_CAP = 8;

export type Entry = { service: string; stream: LogStream; text: string; ts: number | null };

export type Filter = { services: ReadonlySet<string> | null; text: string };

export class LogModel {
  readonly ring: RingBuffer<Entry>;
  /** Lines the filter keeps, weighted by their wrapped height. */
  readonly view = new SeqList();
  /** Lines of the view the search finds. */
  readonly hits = new SeqList();
  /** Index into `hits` of the current match, -1 for none (only when there is no match). */
  current = -1;
  /** The current match was chosen by the model, not moved to: the next move shows it first. */
  private fresh = false;
  /** Lines the backend dropped because the view could not keep up. */
  dropped = 0;
  /** Old lines the ring let go to stay within its capacity. */
  evicted = 0;
  private filter: Filter = { services: null, text: '' };
  private query = '';
  private columns = 0; // 0: not wrapping

  constructor(capacity = CAPACITY) {
    this.ring = new RingBuffer<Entry>(capacity);
  }

  append(lines: readonly LogLine[], dropped = 0): void {
    this.dropped += dropped;
    for (const l of lines) {
      const entry: Entry = { service: l.service, stream: l.stream, text: stripAnsi(l.line), ts: l.ts_ms == null ? null : Number(l.ts_ms) };
      const seq = this.ring.end;
      if (this.ring.push(entry) > 0) this.evict();
      this.admit(seq, entry);
    }
  }

  setFilter(filter: Filter): void {
    this.filter = { services: filter.services, text: filter.text.toLowerCase() };
    this.rebuild();
  }

  /**
   * Searches the view; the current match is the first one at or below view row `near` (the
   * first row drawn), or the last one above it when none is below: "1 of 1" as soon as
   * something is found, and the first Enter goes there.
   */
  setQuery(query: string, near = 0): void {
    this.query = query.toLowerCase();
    this.hits.clear();
    this.current = -1;
    this.fresh = false;
    if (!this.query) return;
    for (let i = 0; i < this.view.length; i++) {
      const seq = this.view.at(i);
      const entry = this.ring.get(seq);
      if (entry && this.finds(entry)) this.hits.push(seq);
    }
    if (this.hits.length === 0) return;
    const below = near < this.view.length ? this.hits.lowerBound(this.view.at(Math.max(0, near))) : this.hits.length;
    this.choose(Math.min(below, this.hits.length - 1));
  }

  /** Wrap rows at `columns` characters (0 turns wrapping off). */
  setColumns(columns: number): void {
    if (columns === this.columns) return;
    this.columns = columns;
    this.rebuild();
  }

  get wrapping(): boolean {
    return this.columns > 0;
  }

  /** Moves to the next match (wrapping around); returns its row in the view, or -1. */
  next(): number {
    if (this.hits.length === 0) return -1;
    if (!this.fresh) this.current = (this.current + 1) % this.hits.length;
    this.fresh = false;
    return this.view.lowerBound(this.hits.at(this.current));
  }

  /** Moves to the previous match (wrapping around); returns its row in the view, or -1. */
  prev(): number {
    if (this.hits.length === 0) return -1;
    if (!this.fresh) this.current = this.current <= 0 ? this.hits.length - 1 : this.current - 1;
    this.fresh = false;
    return this.view.lowerBound(this.hits.at(this.current));
  }

  /**
   * Shows the current match as the user types (find as you type): its row in the view, or -1;
   * the next move then goes past it.
   */
  reveal(): number {
    if (this.current < 0) return -1;
    this.fresh = false;
    return this.view.lowerBound(this.hits.at(this.current));
  }

  /** Sequence number of the current match, or -1. */
  get currentSeq(): number {
    return this.current < 0 ? -1 : this.hits.at(this.current);
  }

  /** The line at `row` of the view. */
  row(row: number): { seq: number; entry: Entry } | null {
    if (row < 0 || row >= this.view.length) return null;
    const seq = this.view.at(row);
    const entry = this.ring.get(seq);
    return entry ? { seq, entry } : null;
  }

  /** Every line of the view as text, for copy and export. */
  text(timestamps: boolean): string {
    const out: string[] = [];
    for (let i = 0; i < this.view.length; i++) {
      const r = this.row(i);
      if (!r) continue;
      const ts = timestamps && r.entry.ts != null ? new Date(r.entry.ts).toISOString() + ' ' : '';
      out.push(`${ts}${r.entry.service} | ${r.entry.text}`);
    }
    return out.join('\n');
  }

  clear(): void {
    this.ring.clear();
    this.view.clear();
    this.hits.clear();
    this.current = -1;
    this.fresh = false;
    this.dropped = 0;
    this.evicted = 0;
  }

  private evict(): void {
    this.evicted += 1;
    const start = this.ring.start;
    this.view.dropBelow(start);
    const gone = this.hits.dropBelow(start);
    if (this.current < 0) return;
    if (this.current >= gone) this.current -= gone;
    else if (this.hits.length > 0) this.choose(0); // the oldest left is the nearest
    else this.current = -1;
  }

  private admit(seq: number, entry: Entry): void {
    if (!this.keeps(entry)) return;
    this.view.push(seq, this.heightOf(entry));
    if (!this.query || !this.finds(entry)) return;
    this.hits.push(seq);
    if (this.current < 0) this.choose(this.hits.length - 1);
  }

  private choose(index: number): void {
    this.current = index;
    this.fresh = true;
  }

  private rebuild(): void {
    this.view.clear();
    for (let seq = this.ring.start; seq < this.ring.end; seq++) {
      const entry = this.ring.get(seq);
      if (entry && this.keeps(entry)) this.view.push(seq, this.heightOf(entry));
    }
    this.setQuery(this.query);
  }

  private keeps(entry: Entry): boolean {
    const { services, text } = this.filter;
    if (services && !services.has(entry.service)) return false;
    return !text || entry.text.toLowerCase().includes(text);
  }

  private finds(entry: Entry): boolean {
    return entry.text.toLowerCase().includes(this.query);
  }

  private heightOf(entry: Entry): number {
    return this.columns > 0 ? wrappedLines(Math.min(entry.text.length, SHOWN_CHARS), this.columns, WRAP_CAP) : 1;
  }
}
