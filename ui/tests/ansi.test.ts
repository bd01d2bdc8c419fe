import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../src/lib/logs/ansi';
import { ServiceColours, PALETTE_SIZE } from '../src/lib/logs/colours';
import { highlight } from '../src/lib/logs/highlight';

describe('stripAnsi', () => {
  it('removes colour, cursor and title sequences and control characters', () => {
    expect(stripAnsi('\x1b[1;31mERROR\x1b[0m: boom'), 'SGR colours').toBe('ERROR: boom');
    expect(stripAnsi('\x1b[2K\x1b[1Gprogress 50%'), 'erase-line and cursor moves').toBe('progress 50%');
    expect(stripAnsi('\x1b]0;title\x07text'), 'OSC window title').toBe('text');
    expect(stripAnsi('a\rb\x00c'), 'carriage return and NUL').toBe('abc');
    expect(stripAnsi('tab\tkept'), 'tabs stay').toBe('tab\tkept');
  });

  it('returns plain lines unchanged', () => {
    const plain = 'plain line with ümlauts and 日本語';
    expect(stripAnsi(plain), 'nothing to strip').toBe(plain);
  });
});

describe('ServiceColours', () => {
  it('gives services colours in the order first seen and keeps them', () => {
    const c = new ServiceColours(['api', 'db']);
    expect(c.of('api'), 'first service, first colour').toBe(0);
    expect(c.of('db'), 'second service, second colour').toBe(1);
    expect(c.of('worker'), 'a new service takes the next').toBe(2);
    expect(c.of('api'), 'a service keeps its colour').toBe(0);
  });

  it('wraps around the palette', () => {
    const c = new ServiceColours(Array.from({ length: PALETTE_SIZE }, (_, i) => `s${i}`));
    expect(c.of('extra'), 'after the palette runs out it starts again').toBe(0);
  });
});

describe('highlight', () => {
  it('splits around each case-insensitive match', () => {
    expect(highlight('Error: an error', 'ERROR'), 'two hits keep their own case').toEqual([
      { text: 'Error', hit: true },
      { text: ': an ', hit: false },
      { text: 'error', hit: true },
    ]);
    expect(highlight('abc', ''), 'empty query: the line as is').toEqual([{ text: 'abc', hit: false }]);
    expect(highlight('abc', 'z'), 'no hit: the line as is').toEqual([{ text: 'abc', hit: false }]);
  });
});
