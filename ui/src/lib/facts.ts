// The doctor's host facts arrive as a JSON object whose shape the library owns; the view
// lists them as `path: value` pairs without knowing each field.
export function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object') return [[prefix, value === null ? '—' : String(value)]];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [[prefix, value.join(', ') || '—']];
    return value.flatMap((v, i) => flatten(v, `${prefix}[${i}]`));
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return [[prefix, '—']];
  return entries.flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}
