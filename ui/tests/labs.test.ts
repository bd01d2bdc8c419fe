import { describe, expect, it } from 'vitest';
import type { LabCard } from '../src/lib/bindings/LabCard';
import type { Text } from '../src/lib/bindings/Text';
import { isBuiltin, isListed, ordered, tabLabel } from '../src/lib/labs';

const text = (es: string, en = es): Text => ({ es, en });

function card(id: string, level: number, title: Text = text('')): LabCard {
  return {
    id, level, title, summary: text(''), services: [], links: [],
    requirements: {} as LabCard['requirements'], verdict: {} as LabCard['verdict'],
    state: 'stopped', exercises: { passed: 0, total: 0 },
  };
}

const levelName = (n: number) => `Nivel ${n}`;
const spanish = (t: Text) => t.es;

describe('labs the window lists', () => {
  const cards = [card('level-1', 1), card('level-0', 0), card('mi-proyecto', 0, text('Mi API', 'My API')), card('otro', 0)];

  it('tells built-in labs from added ones by their id', () => {
    expect(cards.map(isBuiltin), 'level-<N> with its own level is built in; project names are added').toEqual([true, true, false, false]);
    expect(isBuiltin(card('level-3', 0)), 'an added project called level-3 at level 0 is not built in').toBe(false);
  });

  it('reads changes only of the labs it lists', () => {
    expect(isListed(cards, 'mi-proyecto'), 'an added lab of the overview is listed').toBe(true);
    expect(isListed(cards, 'nivel-test-lc-4242'), 'another compose project on the engine is not').toBe(false);
  });

  it('orders built-in labs by level, then the added ones as given', () => {
    expect(ordered(cards).map((c) => c.id), 'an added level-0 lab does not sit between the levels').toEqual(['level-0', 'level-1', 'mi-proyecto', 'otro']);
  });

  it('names built-in tabs by level and added ones by title, else id', () => {
    expect(ordered(cards).map((c) => tabLabel(c, levelName, spanish)), 'one "Nivel 0" only').toEqual(['Nivel 0', 'Nivel 1', 'Mi API', 'otro']);
    expect(tabLabel(cards[2], levelName, (t) => t.en), 'the title in the current language').toBe('My API');
  });
});
