// Operations on a lab that stream progress (start, restart, reset, one service's start), kept
// at the app's level so leaving the lab screen and coming back shows the same bars.
import * as api from '../api';
import type { Event } from '../bindings/Event';
import type { Failure } from '../bindings/Failure';
import type { UpSummary } from '../bindings/UpSummary';
import { apply, failedRow, startProgress, type StartProgress } from '../progress';
import { card, refreshLab } from './app.svelte';

export type OperationKind = 'up' | 'restart' | 'reset' | 'service_start';

export type Operation = {
  lab: string;
  kind: OperationKind;
  service: string | null;
  force: boolean;
  status: 'running' | 'done' | 'failed';
  progress: StartProgress;
  failure: Failure | null;
  summary: UpSummary | null;
  /** The failing service's last log lines, read after a failed start when no event had them. */
  tail: string[];
};

export const operations = $state<Record<string, Operation>>({});

export function busy(lab: string): boolean {
  return operations[lab]?.status === 'running';
}

export async function run(lab: string, kind: OperationKind, service: string | null = null, force = false): Promise<void> {
  if (busy(lab)) return;
  const services = service ? [service] : card(lab)?.services ?? [];
  operations[lab] = { lab, kind, service, force, status: 'running', progress: startProgress(services), failure: null, summary: null, tail: [] };
  const op = operations[lab];
  const onEvent = (e: Event) => apply(op.progress, e, Date.now());
  try {
    op.summary = await call(lab, kind, service, force, onEvent);
    op.status = 'done';
  } catch (e) {
    op.failure = api.asFailure(e);
    op.status = 'failed';
    await readTail(op);
  } finally {
    void refreshLab(lab);
  }
}

/** Runs the same operation again (a remedy's retry), with `force` when asked. */
export function retry(lab: string, force = false): Promise<void> {
  const op = operations[lab];
  return run(lab, op?.kind ?? 'up', op?.service ?? null, force || (op?.force ?? false));
}

export function dismiss(lab: string): void {
  if (!busy(lab)) delete operations[lab];
}

function call(lab: string, kind: OperationKind, service: string | null, force: boolean, onEvent: (e: Event) => void) {
  switch (kind) {
    case 'up':
      return api.labUp(lab, force, onEvent);
    case 'restart':
      return api.labRestart(lab, service, onEvent);
    case 'reset':
      return api.labReset(lab, service, onEvent);
    case 'service_start':
      return api.serviceStart(lab, service ?? '', onEvent);
  }
}

/** A failed service's last lines, when the start's own events did not carry them. */
async function readTail(op: Operation): Promise<void> {
  const failed = failedRow(op.progress);
  if (!failed || failed.tail.length > 0) return;
  const lines: string[] = [];
  try {
    const follow = await api.logsFollow(op.lab, [failed.service], 20, (batch) => {
      for (const l of batch.lines) lines.push(l.line);
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await follow.stop();
  } catch {
    // The failure itself is already shown; missing lines only leave the box shorter.
  }
  op.tail = lines.slice(-20);
}
