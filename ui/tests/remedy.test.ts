import { describe, expect, it } from 'vitest';
import type { Remedy } from '../src/lib/bindings/Remedy';
import type { LabState } from '../src/lib/bindings/LabState';
import { remedyAction } from '../src/lib/remedy';
import { primaryFor } from '../src/lib/primary';

describe('remedyAction', () => {
  it('turns remedies a window can do into buttons', () => {
    expect(remedyAction({ kind: 'port_offset', offset: 100 }), 'ports +N').toEqual({
      kind: 'button', run: 'port_offset', label: 'remedy.port_offset', params: { n: 100 }, offset: 100,
    });
    const runs = (['start_anyway', 'start_engine', 'wait_for_operation', 'choose_another_path'] as const).map(
      (kind) => { const a = remedyAction({ kind } as Remedy); return a.kind === 'button' ? a.run : a.kind; },
    );
    expect(runs, 'start anyway forces, engine and busy retry, a bad path asks again').toEqual(['start_anyway', 'retry', 'retry', 'choose_path']);
    const wait = remedyAction({ kind: 'wait_longer', seconds: 300 });
    expect(wait.kind === 'button' && wait.params.seconds, 'waiting longer says how long').toBe(300);
  });

  it('shows the others as advice', () => {
    const text = { es: 'Libere espacio', en: 'Free some space' };
    expect(remedyAction({ kind: 'advice', text }), 'advice carries its own Text').toEqual({ kind: 'advice', label: 'remedy.advice', params: {}, text });
    expect(remedyAction({ kind: 'restore_progress', date: '2026-12-01' }), 'restore names the backup date').toEqual({
      kind: 'advice', label: 'remedy.restore_progress', params: { date: '2026-12-01' }, text: null,
    });
    expect(remedyAction({ kind: 'fix_lab_file', path: '/x/lab.toml' }).kind, 'fixing a file is by hand').toBe('advice');
  });
});

describe('primaryFor', () => {
  it('maps each lab state to one primary button', () => {
    const states: LabState[] = ['stopped', 'starting', 'running', 'degraded', 'stopping'];
    expect(states.map((s) => primaryFor(s, false)), 'start when stopped, open while up, stop shown busy while stopping').toEqual([
      { action: 'start', label: 'card.start', disabled: false },
      { action: 'open', label: 'card.starting', disabled: false },
      { action: 'open', label: 'card.open', disabled: false },
      { action: 'open', label: 'card.open', disabled: false },
      { action: 'stop', label: 'card.stopping', disabled: true },
    ]);
  });

  it('opens the lab while this window is starting it, before the engine reports it', () => {
    expect(primaryFor('stopped', true), 'a start in flight shows its progress instead of a second start').toEqual({
      action: 'open', label: 'card.starting', disabled: false,
    });
  });
});
