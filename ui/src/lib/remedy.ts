// A failure's remedy, as the app offers it: a button that does the fix, or advice to read.
import type { Remedy } from './bindings/Remedy';
import type { Text } from './bindings/Text';

export type RemedyAction =
  | { kind: 'button'; run: 'port_offset' | 'start_anyway' | 'retry' | 'choose_path'; label: string; params: Record<string, string | number>; offset?: number }
  | { kind: 'advice'; label: string; params: Record<string, string | number>; text: Text | null };

export function remedyAction(r: Remedy): RemedyAction {
  switch (r.kind) {
    case 'port_offset':
      return { kind: 'button', run: 'port_offset', label: 'remedy.port_offset', params: { n: r.offset }, offset: r.offset };
    case 'start_anyway':
      return { kind: 'button', run: 'start_anyway', label: 'remedy.start_anyway', params: {} };
    case 'start_engine':
      return { kind: 'button', run: 'retry', label: 'remedy.start_engine', params: {} };
    case 'wait_longer':
      return { kind: 'button', run: 'retry', label: 'remedy.wait_longer', params: { seconds: r.seconds } };
    case 'wait_for_operation':
      return { kind: 'button', run: 'retry', label: 'remedy.wait_for_operation', params: {} };
    case 'choose_another_path':
      return { kind: 'button', run: 'choose_path', label: 'remedy.choose_another_path', params: {} };
    case 'fix_lab_file':
      return { kind: 'advice', label: 'remedy.fix_lab_file', params: { path: r.path }, text: null };
    case 'restore_progress':
      return { kind: 'advice', label: 'remedy.restore_progress', params: { date: r.date }, text: null };
    case 'advice':
      return { kind: 'advice', label: 'remedy.advice', params: {}, text: r.text };
  }
}
