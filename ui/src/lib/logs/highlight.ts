// Splits a displayed line around every case-insensitive occurrence of the search query so the
// view can mark them.
export type Segment = { text: string; hit: boolean };

export function highlight(text: string, query: string): Segment[] {
  if (!query) return [{ text, hit: false }];
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  const out: Segment[] = [];
  let from = 0;
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
    if (at > from) out.push({ text: text.slice(from, at), hit: false });
    out.push({ text: text.slice(at, at + needle.length), hit: true });
    from = at + needle.length;
  }
  if (from < text.length || out.length === 0) out.push({ text: text.slice(from), hit: false });
  return out;
}
