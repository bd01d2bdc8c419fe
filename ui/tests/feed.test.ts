// The window's shared state against Tauri's IPC mock: what the change feed makes it read, and
// which failures reach the window-wide banner.
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabCard } from '../src/lib/bindings/LabCard';

const calls: string[] = [];
let state: typeof import('../src/lib/state/app.svelte');

beforeAll(async () => {
  (globalThis as Record<string, unknown>).window = globalThis;
  const { mockIPC } = await import('@tauri-apps/api/mocks');
  mockIPC((cmd, args) => {
    calls.push(`${cmd} ${(args as { lab?: string } | undefined)?.lab ?? ''}`.trim());
    if (cmd === 'lab_detail') throw { code: 'unknown_lab', message: { es: 'laboratorio desconocido', en: 'unknown lab' }, remedy: null };
    return null;
  });
  state = await import('../src/lib/state/app.svelte');
});

const listed = { id: 'level-0', level: 0 } as LabCard;
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('change feed', () => {
  it('ignores changes of compose projects the window does not list', async () => {
    state.app.cards = [listed];
    state.labChanged('nivel-test-lc-4242');
    state.progressChanged('mi-otro-compose');
    await settle();
    expect(calls, 'no lab_detail for a project that is not a listed lab').toEqual([]);
    expect(state.app.loadFailure, 'and no banner').toBeNull();
  });

  it('reads a listed lab after a burst, once, and shows its failure', async () => {
    state.labChanged('level-0');
    state.labChanged('level-0');
    await settle();
    expect(calls, 'one read for the burst').toEqual(['lab_detail level-0']);
    expect(state.app.loadFailure, 'a listed lab\'s failure is shown').not.toBeNull();
  });

  it('keeps a refresh failure of an unlisted lab out of the banner', async () => {
    state.app.loadFailure = null;
    await state.refreshLab('nivel-test-gone');
    expect(state.app.loadFailure, 'no banner for a lab the window does not list').toBeNull();
  });
});
