import { describe, expect, it } from 'vitest';
import type { Event } from '../src/lib/bindings/Event';
import { apply, bytes, eta, failedRow, fraction, startProgress, TAIL_LINES } from '../src/lib/progress';

const MB = 1_000_000;

describe('start progress', () => {
  it('aggregates the backend pull progress and estimates the time left', () => {
    const p = startProgress(['api', 'db']);
    const pull = (done: number): Event => ({ event: 'pull_progress', done_bytes: done, total_bytes: 100 * MB, images_done: 0, images_total: 2 });
    apply(p, pull(0), 0);
    expect(eta(p), 'one sample: no rate yet').toBeNull();
    apply(p, pull(10 * MB), 1_000);
    apply(p, pull(20 * MB), 2_000);
    expect(bytes(p), 'bytes from the aggregate event').toEqual({ done: 20 * MB, total: 100 * MB });
    expect(eta(p), '80 MB left at 10 MB/s').toBe(8);
    expect(fraction(p), 'download weighs 70%, no service up').toBeCloseTo(0.14, 5);
  });

  it('measures the rate over the recent window only', () => {
    const p = startProgress(['api']);
    const at = (t: number, done: number) => apply(p, { event: 'pull_progress', done_bytes: done, total_bytes: 1_000 * MB, images_done: 0, images_total: 1 }, t);
    at(0, 0);
    at(1_000, 100 * MB); // a fast start…
    for (let t = 2_000; t <= 30_000; t += 1_000) at(t, 100 * MB + ((t - 1_000) / 1_000) * MB); // …then 1 MB/s
    expect(eta(p), 'the old fast second no longer counts: 871 MB at 1 MB/s').toBe(871);
  });

  it('sums per-image progress when no aggregate arrives', () => {
    const p = startProgress(['api', 'db']);
    apply(p, { event: 'image_progress', service: 'api', image: 'api:1', done_bytes: 5, total_bytes: 10, status: 'Downloading' }, 0);
    apply(p, { event: 'image_progress', service: 'db', image: 'db:1', done_bytes: 1, total_bytes: 30, status: 'Downloading' }, 10);
    expect(bytes(p), 'sum over the rows').toEqual({ done: 6, total: 40 });
    expect(p.rows[0].phase, 'a service downloading its image shows as pulling').toBe('pulling');
    apply(p, { event: 'image_ready', service: 'db', image: 'db:1' }, 20);
    expect(bytes(p).done, 'a ready image counts as fully downloaded').toBe(35);
  });

  it('tracks each service phase and names the one that failed with its last lines', () => {
    const p = startProgress(['api', 'db']);
    apply(p, { event: 'service_state', service: 'db', state: 'healthy', detail: null }, 0);
    for (let i = 0; i < TAIL_LINES + 5; i++) apply(p, { event: 'log_line', service: 'api', container: 'c', stream: 'stderr', line: `l${i}` }, 0);
    apply(p, { event: 'service_state', service: 'api', state: 'failed', detail: 'exited with code 1' }, 0);
    const failed = failedRow(p);
    expect(failed?.service, 'api failed').toBe('api');
    expect(failed?.detail, 'with the reason the backend gave').toBe('exited with code 1');
    expect(failed?.tail.length, 'only the last lines are kept').toBe(TAIL_LINES);
    expect(failed?.tail.at(-1), 'ending with the newest line').toBe(`l${TAIL_LINES + 4}`);
    expect(fraction(p), 'no download: half the services are up').toBe(0.5);
  });

  it('adds rows for services the event names but the card did not', () => {
    const p = startProgress([]);
    apply(p, { event: 'build_line', service: 'trainer', line: 'Step 1/3' }, 0);
    expect(p.rows.map((r) => r.service), 'a row appears for the building service').toEqual(['trainer']);
    expect(p.rows[0].tail, 'its build output is kept').toEqual(['Step 1/3']);
  });
});
