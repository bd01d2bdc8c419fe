import { describe, expect, it } from 'vitest';
import type { LogLine } from '../src/lib/bindings/LogLine';
import { LogModel, SHOWN_CHARS, WRAP_CAP } from '../src/lib/logs/model';

const line = (service: string, text: string, ts: number | null = null): LogLine => ({ service, stream: 'stdout', line: text, ts_ms: ts });

function texts(m: LogModel): string[] {
  const out: string[] = [];
  for (let i = 0; i < m.view.length; i++) out.push(m.row(i)?.entry.text ?? '?');
  return out;
}

describe('LogModel', () => {
  it('keeps a bounded buffer and counts what it let go', () => {
    const m = new LogModel(1_000);
    for (let b = 0; b < 5; b++) m.append(Array.from({ length: 1_000 }, (_, i) => line('api', `line ${b * 1000 + i}`)), b === 0 ? 3 : 0);
    expect(m.view.length, 'the view never holds more than the capacity').toBe(1_000);
    expect(m.row(0)?.entry.text, 'the oldest kept is the first of the last thousand').toBe('line 4000');
    expect(m.evicted, '4,000 lines were let go').toBe(4_000);
    expect(m.dropped, 'the backend said it dropped three').toBe(3);
  });

  it('filters by text and keeps filtering as lines arrive and old ones go', () => {
    const m = new LogModel(6);
    m.append([line('api', 'GET /health 200'), line('db', 'checkpoint'), line('api', 'POST /predict 500')]);
    m.setFilter({ services: null, text: 'post' });
    expect(texts(m), 'case-insensitive substring').toEqual(['POST /predict 500']);
    m.append([line('api', 'POST /predict 200'), line('db', 'vacuum'), line('api', 'GET /')]);
    expect(texts(m), 'new lines go through the same filter').toEqual(['POST /predict 500', 'POST /predict 200']);
    m.append([line('api', 'a'), line('api', 'b'), line('api', 'c')]);
    expect(texts(m), 'the first POST was evicted from the ring').toEqual(['POST /predict 200']);
    m.setFilter({ services: new Set(['db']), text: '' });
    expect(texts(m), 'service filter alone').toEqual(['vacuum']);
  });

  it('finds matches and moves next / previous with wrap-around', () => {
    const m = new LogModel();
    m.append(['alpha', 'error one', 'beta', 'ERROR two', 'gamma', 'error three'].map((t) => line('api', t)));
    m.setQuery('error');
    expect(m.hits.length, 'three lines contain error, any case').toBe(3);
    expect(m.current, 'the first match is current before any move').toBe(0);
    expect(m.next(), 'the first next shows that match, row 1').toBe(1);
    expect(m.next(), 'then row 3').toBe(3);
    expect(m.next(), 'then row 5').toBe(5);
    expect(m.next(), 'and wraps to row 1').toBe(1);
    expect(m.prev(), 'previous wraps back to row 5').toBe(5);
    expect(m.currentSeq, 'current match is line number 5').toBe(5);
    m.setQuery('nothing');
    expect(m.next(), 'no match: -1').toBe(-1);
  });

  it('searches within the filtered view and keeps hits in step with new lines', () => {
    const m = new LogModel();
    m.append([line('api', 'timeout a'), line('db', 'timeout b')]);
    m.setFilter({ services: new Set(['db']), text: '' });
    m.setQuery('timeout');
    expect(m.hits.length, 'only the db line is in the view').toBe(1);
    expect(m.next(), 'it is row 0 of the filtered view').toBe(0);
    m.append([line('db', 'timeout c'), line('api', 'timeout d')]);
    expect(m.hits.length, 'the new db line is found, the api one filtered out').toBe(2);
  });

  it('moves the current match when older matches are evicted', () => {
    const m = new LogModel(4);
    m.append(['x1', 'x2', 'y', 'x3'].map((t) => line('s', t)));
    m.setQuery('x');
    m.next(); // on x1
    m.next(); // on x2
    m.append([line('s', 'z')]); // evicts x1
    expect(m.current, 'x2 is now the first hit').toBe(0);
    expect(m.row(m.view.lowerBound(m.currentSeq))?.entry.text, 'the current match is still x2').toBe('x2');
    m.append([line('s', 'z')]); // evicts x2
    expect(m.current, 'the current match itself was evicted: the oldest left is current').toBe(0);
    expect(m.next(), 'the next move shows x3 (row 2: y, x3, z, z)').toBe(1);
    expect(m.currentSeq, 'x3 is line number 3').toBe(3);
  });

  it('counts the match nearest the view as current as soon as one is found', () => {
    const m = new LogModel();
    m.append(['start', 'ready', 'GET /predict 500', 'idle'].map((t) => line('api', t)));
    m.setQuery('predict');
    expect([m.current + 1, m.hits.length], 'one match: "1 of 1", not "0 of 1"').toEqual([1, 1]);
    expect(m.next(), 'the first Enter goes to that match, row 2').toBe(2);
    expect(m.current, 'and it stays the only, current one').toBe(0);

    const many = new LogModel();
    many.append(Array.from({ length: 10 }, (_, i) => line('api', i % 3 === 0 ? `warn ${i}` : `ok ${i}`)));
    many.setQuery('warn', 4);
    expect(many.currentSeq, 'the first match at or below the view\'s top row (row 4) is warn 6').toBe(6);
    expect(many.prev(), 'the first Shift+Enter also shows it first').toBe(6);
    expect(many.prev(), 'then goes back to warn 3').toBe(3);
    many.setQuery('warn', 4);
    expect(many.reveal(), 'typing shows the match nearest the view at once: warn 6 on row 6').toBe(6);
    expect(many.next(), 'and Enter then goes past it, to warn 9').toBe(9);
    many.setQuery('nothing');
    expect(many.reveal(), 'nothing to show without a match').toBe(-1);
    many.setQuery('warn', 20);
    expect(many.currentSeq, 'no match below the view: the last one above it').toBe(9);
    many.setQuery('nothing');
    expect(many.current, 'no match, no current').toBe(-1);

    const live = new LogModel();
    live.setQuery('error');
    live.append([line('api', 'fine'), line('api', 'error: disk full')]);
    expect(live.current, 'a match arriving after the query becomes current').toBe(0);
    live.append([line('api', 'error again')]);
    expect(live.current, 'later matches leave the current one where it is').toBe(0);
  });

  it('strips ANSI colours as lines arrive', () => {
    const m = new LogModel();
    m.append([line('api', '\x1b[32mINFO\x1b[0m ready')]);
    expect(m.row(0)?.entry.text, 'escape sequences are removed').toBe('INFO ready');
  });

  it('weighs wrapped rows by their visual lines, capped', () => {
    const m = new LogModel();
    m.append([line('a', 'x'.repeat(10)), line('a', 'x'.repeat(250)), line('a', 'x'.repeat(100_000))]);
    m.setColumns(100);
    expect(m.view.endOf(0), 'a short line is one visual line').toBe(1);
    expect(m.view.endOf(1), '250 characters at 100 columns: three more').toBe(4);
    expect(m.view.endOf(2), `a 100,000-character line is capped at ${WRAP_CAP}`).toBe(4 + WRAP_CAP);
    m.setColumns(0);
    expect(m.view.weight, 'without wrapping every row is one line').toBe(3);
    expect(SHOWN_CHARS, 'the drawn part of a huge line stays small').toBeLessThanOrEqual(2_000);
  });

  it('writes the view as text for copy and export', () => {
    const m = new LogModel();
    m.append([line('api', 'hello', Date.UTC(2026, 0, 2, 3, 4, 5)), line('db', 'ready')]);
    expect(m.text(false), 'service then line').toBe('api | hello\ndb | ready');
    expect(m.text(true).split('\n')[0], 'with the timestamp first when known').toBe('2026-01-02T03:04:05.000Z api | hello');
  });

  it('appends a 100,000-line burst quickly', () => {
    const m = new LogModel();
    const batch = Array.from({ length: 2_000 }, (_, i) => line(i % 2 ? 'api' : 'db', `request ${i} served in 12 ms`));
    m.setQuery('served in 1');
    const t0 = performance.now();
    for (let b = 0; b < 60; b++) m.append(batch);
    const ms = performance.now() - t0;
    expect(m.view.length, 'buffer full').toBe(100_000);
    // Tens of milliseconds here; the bound leaves room for a busy shared machine while a
    // quadratic append (rescanning the buffer per line) would take minutes.
    expect(ms, '120,000 lines with search on, in linear time').toBeLessThan(3_000);
  });
});
