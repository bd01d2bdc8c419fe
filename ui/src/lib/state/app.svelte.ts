// What the whole window shares: where the user is, the engine, the level cards and the open
// lab's detail. Refreshed by the app-wide events for exactly what they name; nothing polls.
import * as api from '../api';
import type { CatalogCard } from '../bindings/CatalogCard';
import type { EngineState } from '../bindings/EngineState';
import type { Failure } from '../bindings/Failure';
import type { LabCard } from '../bindings/LabCard';
import type { LabDetail } from '../bindings/LabDetail';
import type { Settings } from '../bindings/Settings';
import { setLanguage } from '../../i18n/index.svelte';
import { isListed, ordered } from '../labs';

export type Route =
  | { screen: 'levels' }
  | { screen: 'lab'; lab: string }
  | { screen: 'logs'; lab: string; service: string | null }
  | { screen: 'exercises'; lab: string | null }
  | { screen: 'doctor' }
  | { screen: 'settings' }
  | { screen: 'no-engine' };

export const app = $state<{
  route: Route;
  engine: EngineState | null;
  cards: LabCard[];
  /** The cards' instant part, shown until `cards` arrives. */
  catalog: CatalogCard[];
  details: Record<string, LabDetail>;
  settings: Settings | null;
  loadFailure: Failure | null;
  /** Bumped when another process records progress for a lab (null: any). */
  progressStamp: Record<string, number>;
}>({
  route: { screen: 'levels' },
  engine: null,
  cards: [],
  catalog: [],
  details: {},
  settings: null,
  loadFailure: null,
  progressStamp: {},
});

export function go(route: Route): void {
  app.route = route;
}

export function card(lab: string): LabCard | undefined {
  return app.cards.find((c) => c.id === lab);
}

export async function loadSettings(): Promise<void> {
  try {
    app.settings = await api.settingsGet();
    setLanguage(app.settings.language);
  } catch (e) {
    app.loadFailure = api.asFailure(e);
  }
}

/** Reads the cards' instant part, so the levels screen draws before the engine is asked. */
export async function loadCatalog(): Promise<void> {
  try {
    app.catalog = [...(await api.labsCatalog())].sort((a, b) => a.level - b.level);
  } catch (e) {
    app.loadFailure = api.asFailure(e);
  }
}

export async function refreshOverview(): Promise<void> {
  try {
    const overview = await api.labsOverview();
    app.cards = ordered(overview.labs);
    setEngine(overview.engine);
    app.loadFailure = null;
  } catch (e) {
    app.loadFailure = api.asFailure(e);
  }
}

export function setEngine(engine: EngineState): void {
  app.engine = engine;
  if (!engine.available) app.route = { screen: 'no-engine' };
  else if (app.route.screen === 'no-engine') app.route = { screen: 'levels' };
}

/**
 * Re-reads one lab: its card on the levels screen and its detail if it is open. Only a listed
 * lab's failure is worth the window-wide banner.
 */
export async function refreshLab(lab: string): Promise<void> {
  try {
    const detail = await api.labDetail(lab);
    app.details[lab] = detail;
    const i = app.cards.findIndex((c) => c.id === lab);
    if (i >= 0) app.cards[i] = detail.card;
    else app.cards = ordered([...app.cards, detail.card]);
  } catch (e) {
    if (isListed(app.cards, lab)) app.loadFailure = api.asFailure(e);
  }
}

const pending = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * Coalesces a burst of changes to one lab (a stack coming up sends many) into one read. The
 * feed reports every compose project on the engine; those the window does not list are not
 * read (a lab added meanwhile appears with the next overview).
 */
export function labChanged(lab: string): void {
  if (!isListed(app.cards, lab)) return;
  clearTimeout(pending.get(lab));
  pending.set(lab, setTimeout(() => {
    pending.delete(lab);
    void refreshLab(lab);
  }, 200));
}

export function progressChanged(lab: string | null): void {
  if (lab === null) {
    void refreshOverview();
    for (const c of app.cards) app.progressStamp[c.id] = (app.progressStamp[c.id] ?? 0) + 1;
  } else {
    labChanged(lab);
    app.progressStamp[lab] = (app.progressStamp[lab] ?? 0) + 1;
  }
}

/** Listens to the app-wide change feed; returns the function that stops listening. */
export async function startFeed(): Promise<() => void> {
  const stops = await Promise.all([
    api.onLabChange((c) => labChanged(c.lab)),
    api.onProgressChange((c) => progressChanged(c.lab)),
    api.onEngineChange((s) => {
      const wasAvailable = app.engine?.available ?? false;
      setEngine(s);
      if (s.available && !wasAvailable) void refreshOverview();
    }),
  ]);
  return () => stops.forEach((stop) => stop());
}

export async function saveSettings(settings: Settings): Promise<Settings> {
  const saved = await api.settingsSet(settings);
  app.settings = saved;
  setLanguage(saved.language);
  return saved;
}
