import { describe, expect, it } from 'vitest';
import { nextDelay, systemOf, MAX_DELAY_MS } from '../src/lib/engine';
import { flatten } from '../src/lib/facts';
import { formatBytes, formatDuration, uptimeMinutes } from '../src/lib/format';
import { formatOf } from '../src/lib/dialogs';

describe('no-engine retry pace', () => {
  it('starts at 2 s and doubles up to 30 s', () => {
    const delays: number[] = [];
    let d = 0;
    for (let i = 0; i < 7; i++) delays.push((d = nextDelay(d)));
    expect(delays, 'a slow backoff, capped').toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(Math.max(...delays), 'never slower than the cap').toBe(MAX_DELAY_MS);
  });

  it('puts this system first', () => {
    expect(systemOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15'), 'WebKitGTK').toBe('linux');
    expect(systemOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15'), 'WKWebView').toBe('macos');
    expect(systemOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120'), 'WebView2').toBe('windows');
  });
});

describe('doctor facts', () => {
  it('lists nested facts as path: value', () => {
    expect(flatten({ os: { name: 'Debian', cpus: 2 }, ports: [8080, 9000], engine: null }), 'paths joined with dots').toEqual([
      ['os.name', 'Debian'], ['os.cpus', '2'], ['ports', '8080, 9000'], ['engine', '—'],
    ]);
  });
});

describe('formats', () => {
  it('writes sizes and durations as people read them', () => {
    expect([0, 999, 1_500, 2_340_000, 1_200_000_000].map(formatBytes), 'decimal units').toEqual(['0 B', '999 B', '1.5 KB', '2.3 MB', '1.2 GB']);
    expect([9, 127, 3_900].map(formatDuration), 'seconds, minutes, hours').toEqual(['9 s', '2 min 07 s', '1 h 05 min']);
  });

  it('tells uptimes to the minute, and nothing under one', () => {
    expect([-5, 0, 59, 60, 3_599, 3_600, 3_960].map(uptimeMinutes), 'minutes, then hours').toEqual([null, null, null, '1 min', '59 min', '1 h 00 min', '1 h 06 min']);
  });

  it('chooses the report format from the file name', () => {
    expect(['a.html', 'b.MD', 'c.json', 'd'].map(formatOf), 'html by default').toEqual(['html', 'md', 'json', 'html']);
  });
});
