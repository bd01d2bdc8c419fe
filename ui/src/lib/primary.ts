// The one primary button of a level's card, from the lab's state and whether this window is
// running an operation on it.
import type { LabState } from './bindings/LabState';

export type Primary = { action: 'start' | 'open' | 'stop'; label: string; disabled: boolean };

export function primaryFor(state: LabState, busy: boolean): Primary {
  if (busy && state === 'stopped') return { action: 'open', label: 'card.starting', disabled: false };
  switch (state) {
    case 'stopped':
      return { action: 'start', label: 'card.start', disabled: false };
    case 'starting':
      return { action: 'open', label: 'card.starting', disabled: false };
    case 'running':
    case 'degraded':
      return { action: 'open', label: 'card.open', disabled: false };
    case 'stopping':
      return { action: 'stop', label: 'card.stopping', disabled: true };
  }
}
