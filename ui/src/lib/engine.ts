// The no-engine screen's retry pace and which system's instructions come first.
export type System = 'linux' | 'macos' | 'windows';

export const FIRST_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 30_000;

/** Doubles the wait between tries, from 2 s up to 30 s. */
export function nextDelay(previous: number): number {
  return previous <= 0 ? FIRST_DELAY_MS : Math.min(MAX_DELAY_MS, previous * 2);
}

export function systemOf(userAgent: string): System {
  if (/Windows/i.test(userAgent)) return 'windows';
  if (/Mac OS X|Macintosh/i.test(userAgent)) return 'macos';
  return 'linux';
}
