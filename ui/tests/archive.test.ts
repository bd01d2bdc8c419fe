import { describe, expect, it } from 'vitest';
import { applySave, archiveName, chosenLabs, percent, savePulls } from '../src/lib/archive';
import { bytes, failedRow } from '../src/lib/progress';
import type { Event } from '../src/lib/bindings/Event';

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

  it('shows what a save pulls and builds, one row per image', () => {
    const p = savePulls();
    const events: Event[] = [
      // level-a: `web` already on the engine.
      { event: 'image_ready', service: 'web', image: 'nginx:1' },
      // level-b: its own `web`, pulled.
      { event: 'service_state', service: 'web', state: 'pulling', detail: 'postgres:16' },
      { event: 'image_progress', service: 'web', image: 'postgres:16', done_bytes: 40, total_bytes: 100, status: 'Downloading' },
      { event: 'pull_progress', done_bytes: 40, total_bytes: 100, images_done: 0, images_total: 1 },
      // and `app`, built from its Dockerfile.
      { event: 'service_state', service: 'app', state: 'building', detail: 'level-b-app' },
      { event: 'build_line', service: 'app', line: 'Step 1/2 : FROM busybox' },
    ];
    events.forEach((e, i) => applySave(p, e, i * 1000));
    const rows = p.progress.rows;
    expect(rows.map((r) => r.service), 'named by image: two labs may both have a web').toEqual(['nginx:1', 'postgres:16', 'level-b-app']);
    expect(rows.map((r) => r.phase)).toEqual(['unchanged', 'pulling', 'building']);
    expect(rows[1].done_bytes / rows[1].total_bytes, 'the pull has its own bytes').toBe(0.4);
    expect(rows[2].detail, 'the image is the row name, not repeated beside it').toBeNull();
    expect(rows[2].tail, 'the build output, for a failed build').toEqual(['Step 1/2 : FROM busybox']);
    expect(bytes(p.progress), 'the aggregate bar over the download').toEqual({ done: 40, total: 100 });

    applySave(p, { event: 'image_ready', service: 'web', image: 'postgres:16' }, 7000);
    applySave(p, { event: 'image_ready', service: 'app', image: 'level-b-app' }, 8000);
    expect(p.progress.rows.map((r) => r.phase), 'pulled and built: completed').toEqual(['unchanged', 'completed', 'completed']);

    applySave(p, { event: 'service_state', service: 'app', state: 'failed', detail: 'the build failed' }, 9000);
    expect(failedRow(p.progress)?.service, 'a failure stays on the image being worked on').toBe('level-b-app');
  });
});
