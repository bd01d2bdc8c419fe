// Containers colour their output with ANSI escapes; the view shows plain text coloured per
// service, so escapes (colours, cursor moves, titles) are removed once, when a line arrives.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f]/g;

export function stripAnsi(line: string): string {
  return line.indexOf('\x1b') === -1 && !/[\x00-\x08\x0b-\x1f\x7f]/.test(line) ? line : line.replace(ESCAPES, '');
}
