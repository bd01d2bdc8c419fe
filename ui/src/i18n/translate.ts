// Looks a key up in a flat dictionary and fills `{name}` placeholders. A missing key shows
// itself, so a gap is visible in the window and caught by the key-parity test.
export type Dict = Record<string, string>;
export type Params = Record<string, string | number>;

// A count of exactly one (`n` or `count`) takes the key's singular, `KEY.one`, where there is
// one: `1 line`, `3 lines`.
export function translate(dict: Dict, key: string, params?: Params): string {
  const one = params && (params.n === 1 || params.count === 1) ? dict[`${key}.one`] : undefined;
  const template = one ?? dict[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
