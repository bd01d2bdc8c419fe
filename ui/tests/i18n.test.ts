import { describe, expect, it } from 'vitest';
import en from '../src/i18n/en.json';
import es from '../src/i18n/es.json';
import { translate } from '../src/i18n/translate';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// Every source file of the interface, as text (Vite reads them for the test).
const sources = import.meta.glob<string>('../src/**/*.{svelte,ts}', { query: '?raw', import: 'default', eager: true });

describe('translations', () => {
  it('have the same keys in Spanish and English', () => {
    expect(Object.keys(en).sort(), 'every Spanish key has an English twin and the reverse').toEqual(Object.keys(es).sort());
  });

  it('have no empty values', () => {
    const empty = [...Object.entries(es), ...Object.entries(en)].filter(([, v]) => !v.trim()).map(([k]) => k);
    expect(empty, 'keys whose text is empty').toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const differ = Object.keys(es).filter((k) => placeholders(es[k as keyof typeof es]).join() !== placeholders(en[k as keyof typeof en]).join());
    expect(differ, 'keys whose {placeholders} differ between languages').toEqual([]);
  });

  it('hold every key the interface asks for by name', () => {
    const code = Object.values(sources).join('\n');
    const used = new Set([...code.matchAll(/\b(?:t\(|label: |key: )'([a-z_]+(?:\.[a-z_]+)+)'/g)].map((m) => m[1]));
    const missing = [...used].filter((k) => !(k in es));
    expect(used.size, 'the scan found the interface keys').toBeGreaterThan(100);
    expect(missing, 'keys used in the source but absent from es.json').toEqual([]);
  });

  it('hold every key built from a backend value', () => {
    const families: Record<string, string[]> = {
      state: ['stopped', 'starting', 'running', 'degraded', 'stopping'],
      verdict: ['ready', 'ready_with_warnings', 'not_ready'],
      phase: ['waiting', 'pulling', 'building', 'creating', 'starting', 'running', 'healthy', 'unhealthy', 'completed', 'failed', 'unchanged', 'stopping', 'stopped', 'removed'],
      health: ['healthy', 'unhealthy', 'starting'],
      exercise: ['not_tried', 'failed', 'passed'],
      svc: ['running', 'exited', 'created', 'restarting', 'paused', 'missing', 'removing', 'dead'],
    };
    const keys = Object.entries(families).flatMap(([f, vs]) => vs.map((v) => `${f}.${v}`));
    for (const kind of ['up', 'restart', 'reset', 'service_start']) for (const s of ['running', 'done', 'failed']) keys.push(`op.${kind}.${s}`);
    for (const os of ['linux', 'macos', 'windows']) for (const p of ['title', 'install', 'start']) keys.push(`engine.${os}.${p}`);
    expect(keys.filter((k) => !(k in es)), 'dynamic keys missing from es.json').toEqual([]);
  });

  it('fill placeholders and show a missing key as itself', () => {
    expect(translate({ a: 'Nivel {n} de {m}' }, 'a', { n: 2, m: 4 }), 'both placeholders filled').toBe('Nivel 2 de 4');
    expect(translate({}, 'no.such'), 'a gap stays visible').toBe('no.such');
    expect(translate({ a: '{x} y {y}' }, 'a', { x: 1 }), 'an unknown placeholder stays as written').toBe('1 y {y}');
  });

  it('take the singular for exactly one, in both languages', () => {
    for (const [dict, one, many] of [
      [es, '1 imagen cargada de f (2 MB)', '3 imágenes cargadas de f (2 MB)'],
      [en, '1 image loaded from f (2 MB)', '3 images loaded from f (2 MB)'],
    ] as const) {
      expect(translate(dict, 'images.loaded', { count: 1, path: 'f', bytes: '2 MB' })).toBe(one);
      expect(translate(dict, 'images.loaded', { count: 3, path: 'f', bytes: '2 MB' })).toBe(many);
    }
    expect(translate(en, 'logs.count', { n: 1 }), 'one line').toBe('1 line');
    expect(translate(en, 'logs.count', { n: 0 }), 'none are many').toBe('0 lines');
    expect(translate(en, 'logs.evicted', { max: 1 }), 'a key with no singular keeps its text').toBe('keeping the last 1');
  });

  it('give a singular only beside its plural', () => {
    const orphans = Object.keys(en).filter((k) => k.endsWith('.one') && !(k.slice(0, -4) in en));
    expect(orphans, 'KEY.one without KEY').toEqual([]);
  });
});
