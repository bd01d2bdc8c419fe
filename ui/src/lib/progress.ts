// What a lab's start (or restart, or reset) looks like while it runs: one aggregate bar over
// the bytes to download, with an estimate of the time left, and a row per service with its
// phase and its last lines. Built from the backend's `Event` values; time is passed in.
import type { Event } from './bindings/Event';
import type { ServicePhase } from './bindings/ServicePhase';

export type ServiceRow = {
  service: string;
  phase: ServicePhase;
  detail: string | null;
  image: string | null;
  done_bytes: number;
  total_bytes: number;
  /** The service's last output lines (build or log), for a failed start. */
  tail: string[];
};

export type Sample = { at: number; bytes: number };

export type StartProgress = {
  rows: ServiceRow[];
  /** From `pull_progress`, the backend's own aggregate; null until it sends one. */
  pull: { done_bytes: number; total_bytes: number; images_done: number; images_total: number } | null;
  samples: Sample[];
};

export const TAIL_LINES = 20;
/** How far back the download rate is measured. */
export const RATE_WINDOW_MS = 10_000;

const DONE: readonly ServicePhase[] = ['running', 'healthy', 'completed', 'unchanged'];

export function startProgress(services: readonly string[]): StartProgress {
  return { rows: services.map(newRow), pull: null, samples: [] };
}

function newRow(service: string): ServiceRow {
  return { service, phase: 'waiting', detail: null, image: null, done_bytes: 0, total_bytes: 0, tail: [] };
}

function rowOf(p: StartProgress, service: string): ServiceRow {
  let row = p.rows.find((r) => r.service === service);
  if (!row) {
    row = newRow(service);
    p.rows.push(row);
  }
  return row;
}

function keepTail(row: ServiceRow, line: string): void {
  row.tail.push(line);
  if (row.tail.length > TAIL_LINES) row.tail.splice(0, row.tail.length - TAIL_LINES);
}

/** Folds one event into `p` (in place) at time `now` (ms). */
export function apply(p: StartProgress, e: Event, now: number): void {
  switch (e.event) {
    case 'pull_progress':
      p.pull = {
        done_bytes: Number(e.done_bytes),
        total_bytes: Number(e.total_bytes),
        images_done: Number(e.images_done),
        images_total: Number(e.images_total),
      };
      sample(p, now);
      break;
    case 'image_progress': {
      const row = rowOf(p, e.service);
      row.image = e.image;
      row.done_bytes = Number(e.done_bytes);
      row.total_bytes = Number(e.total_bytes);
      if (row.phase === 'waiting') row.phase = 'pulling';
      sample(p, now);
      break;
    }
    case 'image_ready': {
      const row = rowOf(p, e.service);
      row.image = e.image;
      if (row.total_bytes > 0) row.done_bytes = row.total_bytes;
      break;
    }
    case 'build_line':
      keepTail(rowOf(p, e.service), e.line);
      break;
    case 'service_state': {
      const row = rowOf(p, e.service);
      row.phase = e.state;
      row.detail = e.detail;
      break;
    }
    case 'log_line':
      keepTail(rowOf(p, e.service), e.line);
      break;
    case 'resource_created':
      break;
  }
}

function sample(p: StartProgress, now: number): void {
  p.samples.push({ at: now, bytes: bytes(p).done });
  while (p.samples.length > 2 && p.samples[1].at <= now - RATE_WINDOW_MS) p.samples.shift();
}

/** Bytes downloaded and to download, over every image. */
export function bytes(p: StartProgress): { done: number; total: number } {
  if (p.pull) return { done: p.pull.done_bytes, total: p.pull.total_bytes };
  let done = 0;
  let total = 0;
  for (const r of p.rows) {
    done += r.done_bytes;
    total += r.total_bytes;
  }
  return { done, total };
}

/** Seconds left for the download at the recent rate; null when it cannot be told yet. */
export function eta(p: StartProgress): number | null {
  const { done, total } = bytes(p);
  if (total <= 0 || done >= total || p.samples.length < 2) return null;
  const first = p.samples[0];
  const last = p.samples[p.samples.length - 1];
  const ms = last.at - first.at;
  const gained = last.bytes - first.bytes;
  if (ms < 500 || gained <= 0) return null;
  return Math.ceil(((total - done) / gained) * ms / 1000);
}

export function isDone(phase: ServicePhase): boolean {
  return DONE.includes(phase);
}

/** 0..1: the download weighs 70% when there is one, services coming up the rest. */
export function fraction(p: StartProgress): number {
  const n = p.rows.length;
  const up = n === 0 ? 0 : p.rows.filter((r) => isDone(r.phase)).length / n;
  const { done, total } = bytes(p);
  if (total <= 0) return up;
  return 0.7 * Math.min(1, done / total) + 0.3 * up;
}

/** The first service whose start failed, if any. */
export function failedRow(p: StartProgress): ServiceRow | null {
  return p.rows.find((r) => r.phase === 'failed') ?? null;
}
