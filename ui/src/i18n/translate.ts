// Looks a key up in a flat dictionary and fills `{name}` placeholders. A missing key shows
// itself, so a gap is visible in the window and caught by the key-parity test.
export type Dict = Record<string, string>;
export type Params = Record<string, string | number>;

export function translate(dict: Dict, key: string, params?: Params): string {
  const template = dict[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
