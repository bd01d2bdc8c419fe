// Every call to the Nivel backend goes through this module: one typed function per Tauri
// command (CONTRACT10.md), the app-wide events, and one error shape. Views never call
// `invoke` themselves, so the contract has one place to change.
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { ArchivedImages } from './bindings/ArchivedImages';
import type { ArchiveProgress } from './bindings/ArchiveProgress';
import type { CatalogCard } from './bindings/CatalogCard';
import type { CheckRun } from './bindings/CheckRun';
import type { DoctorReport } from './bindings/DoctorReport';
import type { EngineState } from './bindings/EngineState';
import type { Event } from './bindings/Event';
import type { ExerciseView } from './bindings/ExerciseView';
import type { ExportFormat } from './bindings/ExportFormat';
import type { Exported } from './bindings/Exported';
import type { Failure } from './bindings/Failure';
import type { Identity } from './bindings/Identity';
import type { LabChange } from './bindings/LabChange';
import type { LabDetail } from './bindings/LabDetail';
import type { LabsOverview } from './bindings/LabsOverview';
import type { LogBatch } from './bindings/LogBatch';
import type { ProgressChange } from './bindings/ProgressChange';
import type { ProgressView } from './bindings/ProgressView';
import type { ResetPlan } from './bindings/ResetPlan';
import type { Settings } from './bindings/Settings';
import type { UpSummary } from './bindings/UpSummary';

/** Whatever a command rejects with, as the one failure shape the views understand. */
export function asFailure(error: unknown): Failure {
  if (isFailure(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'ui.unexpected', message: { es: text, en: text }, remedy: null, input: false };
}

function isFailure(value: unknown): value is Failure {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const message = v.message as Record<string, unknown> | null;
  return typeof v.code === 'string' && typeof message === 'object' && message !== null
    && typeof message.es === 'string' && typeof message.en === 'string';
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw asFailure(error);
  }
}

function channel<T>(onMessage: (message: T) => void): Channel<T> {
  const ch = new Channel<T>();
  ch.onmessage = onMessage;
  return ch;
}

export const labsCatalog = () => call<CatalogCard[]>('labs_catalog');
export const labsOverview = () => call<LabsOverview>('labs_overview');
export const labDetail = (lab: string) => call<LabDetail>('lab_detail', { lab });
export const labUp = (lab: string, force: boolean, onEvent: (e: Event) => void) =>
  call<UpSummary>('lab_up', { lab, force, onEvent: channel(onEvent) });
export const labDown = (lab: string) => call<null>('lab_down', { lab });
export const labRestart = (lab: string, service: string | null, onEvent: (e: Event) => void) =>
  call<UpSummary>('lab_restart', { lab, service, onEvent: channel(onEvent) });
export const serviceStop = (lab: string, service: string) => call<null>('service_stop', { lab, service });
export const serviceStart = (lab: string, service: string, onEvent: (e: Event) => void) =>
  call<UpSummary>('service_start', { lab, service, onEvent: channel(onEvent) });
export const resetPlan = (lab: string, service: string | null) =>
  call<ResetPlan>('reset_plan', { lab, service });
export const labReset = (lab: string, service: string | null, onEvent: (e: Event) => void) =>
  call<UpSummary>('lab_reset', { lab, service, onEvent: channel(onEvent) });

/** A log stream the backend is following; `stop` closes it (call it when the view closes). */
export interface LogFollow {
  stop(): Promise<void>;
}

/**
 * Follows a lab's logs: each batch is asked for once the previous one was handed to `onBatch`,
 * so the view's pace sets the flow, a backlog waits in the backend's bounded queue, and each
 * batch is one answer. `onEnd` hears once when the stream ends by itself: `null` when the
 * backend closed it, a Failure when asking failed (the engine gone).
 */
export async function logsFollow(
  lab: string,
  services: string[],
  tail: number,
  onBatch: (batch: LogBatch) => void,
  onEnd: (failure: Failure | null) => void = () => {},
): Promise<LogFollow> {
  let open = true;
  const handle = await call<number>('logs_follow', { lab, services, tail });
  void (async () => {
    while (open) {
      let batch: LogBatch | null;
      try {
        batch = await call<LogBatch | null>('logs_next', { handle });
      } catch (e) {
        if (open) onEnd(asFailure(e));
        return;
      }
      if (!open) return;
      if (batch === null) {
        onEnd(null);
        return;
      }
      onBatch(batch);
    }
  })();
  return {
    async stop() {
      if (!open) return;
      open = false;
      await call<null>('logs_stop', { handle });
    },
  };
}

/** Writes lines the user sees in the logs view to a file they chose. */
export const logsExport = (path: string, text: string) => call<Exported>('logs_export', { path, text });

export const exercises = (lab: string) => call<ExerciseView[]>('exercises', { lab });
export const checkRun = (lab: string, ids: string[]) => call<CheckRun>('check_run', { lab, exercises: ids });
export const progress = () => call<ProgressView>('progress');
export const progressExport = (path: string, format: ExportFormat) =>
  call<Exported>('progress_export', { path, format });
export const identityGet = () => call<Identity | null>('identity_get');
export const identitySet = (identity: Identity) => call<Identity>('identity_set', { identity });
export const doctor = () => call<DoctorReport>('doctor');
export const settingsGet = () => call<Settings>('settings_get');
export const settingsSet = (settings: Settings) => call<Settings>('settings_set', { settings });
/** Writes every image the labs need into one archive; pulls and builds stream as `onEvent`. */
export const imagesSave = (labs: string[], path: string, onEvent: (e: Event) => void, onBytes: (p: ArchiveProgress) => void) =>
  call<ArchivedImages>('images_save', { labs, path, onEvent: channel(onEvent), onBytes: channel(onBytes) });
export const imagesLoad = (path: string, onBytes: (p: ArchiveProgress) => void) =>
  call<ArchivedImages>('images_load', { path, onBytes: channel(onBytes) });
export const engineStatus = () => call<EngineState>('engine_status');
export const openUrl = (url: string) => call<null>('open_url', { url });
/** The first screen is drawn (the shell times its launch by this). */
export const uiReady = () => call<null>('ui_ready');

/** The app-wide change feed; each returns the function that stops listening. */
export const onLabChange = (f: (c: LabChange) => void): Promise<UnlistenFn> =>
  listen<LabChange>('nivel://lab', (e) => f(e.payload));
export const onProgressChange = (f: (c: ProgressChange) => void): Promise<UnlistenFn> =>
  listen<ProgressChange>('nivel://progress', (e) => f(e.payload));
export const onEngineChange = (f: (s: EngineState) => void): Promise<UnlistenFn> =>
  listen<EngineState>('nivel://engine', (e) => f(e.payload));
