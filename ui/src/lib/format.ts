// Numbers as people read them: sizes, durations, clock times.
export function formatBytes(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(Number(n))) return '—';
  let v = Number(n);
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u += 1;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

/** `3 h 05 min`, `2 min 07 s`, `9 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(r).padStart(2, '0')} s`;
  return `${r} s`;
}

/** A service's uptime to the minute (the Lab screen ticks twice a minute); null under a minute. */
export function uptimeMinutes(seconds: number): string | null {
  const m = Math.floor(Math.max(0, seconds) / 60);
  if (m < 1) return null;
  const h = Math.floor(m / 60);
  return h > 0 ? `${h} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
}

export function formatTime(ms: number | null | undefined, lang: string): string {
  if (ms == null) return '—';
  return new Date(Number(ms)).toLocaleString(lang === 'es' ? 'es-CO' : 'en-GB');
}

export function clock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
