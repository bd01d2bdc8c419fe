import { describe, expect, it } from 'vitest';
import { archiveName, chosenLabs, percent } from '../src/lib/archive';

describe('offline images', () => {
  const catalog = [{ id: 'level-0' }, { id: 'level-1' }, { id: 'level-2' }];

  it('saves the ticked labs in the catalog order', () => {
    expect(chosenLabs(catalog, new Set(['level-2', 'level-0'])), 'catalog order, not tick order').toEqual(['level-0', 'level-2']);
    expect(chosenLabs(catalog, new Set(['gone'])), 'a lab no longer in the catalog is not sent').toEqual([]);
  });

  it('fills the bar only when the total is known', () => {
    expect(percent(null), 'nothing yet').toBeNull();
    expect(percent({ done: 5_000, total: null }), 'a save: unknown length').toBeNull();
    expect(percent({ done: 250, total: 1_000 }), 'a quarter').toBe(25);
    expect(percent({ done: 1_000, total: 1_000 }), 'done').toBe(100);
    expect(percent({ done: 10, total: 0 }), 'an empty archive is no division by zero').toBeNull();
  });

  it('names the archive after its levels', () => {
    expect(archiveName(['level-0', 'level-2'])).toBe('nivel-imagenes-0-2.tar');
    expect(archiveName(['/home/ana/mi lab']), 'no folders in the name').toBe('nivel-imagenes-_home_ana_mi_lab.tar');
    expect(archiveName([])).toBe('nivel-imagenes.tar');
  });
});
