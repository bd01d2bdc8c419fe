// The offline-images section's logic, apart from its view: which labs a save takes, how far
// a save or load has got (the pulls and builds of a save first, then the archive's bytes), and
// the archive's file name.
import type { ArchiveProgress } from './bindings/ArchiveProgress';
import type { Event } from './bindings/Event';
import { apply, startProgress, type StartProgress } from './progress';

/** The labs to save, in the catalog's order, whatever order they were ticked in. */
export function chosenLabs(catalog: { id: string }[], ticked: Set<string>): string[] {
  return catalog.map((c) => c.id).filter((id) => ticked.has(id));
}

/**
 * The bar's fill, 0 to 100, or `null` when the total is not known (a save: the engine streams
 * an archive of unknown length), so the bar shows activity instead of a false percentage.
 */
export function percent(p: ArchiveProgress | null): number | null {
  if (!p || p.total == null || p.total <= 0) return null;
  return Math.min(100, Math.round((p.done / p.total) * 100));
}

/** The file a save suggests: the levels it holds, so a USB stick of several stays readable. */
export function archiveName(labs: string[]): string {
  // An added lab's id may hold characters a file name should not.
  const levels = labs.map((id) => id.replace(/^level-/, '').replace(/[^\w.-]+/g, '_')).join('-');
  return `nivel-imagenes${levels ? `-${levels}` : ''}.tar`;
}

/**
 * A save's pulls and builds, folded as a lab's start is (`progress.ts`) but one row per image:
 * two labs may both have a `web`, and the image is what a save is about.
 */
export type SavePulls = { progress: StartProgress; imageOf: Record<string, string> };

export function savePulls(): SavePulls {
  return { progress: startProgress([]), imageOf: {} };
}

/** Folds one of the save's events into `p` (in place) at time `now` (ms). */
export function applySave(p: SavePulls, e: Event, now: number): void {
  if (!('service' in e)) {
    apply(p.progress, e, now);
    return;
  }
  const image = imageIn(e);
  if (image) p.imageOf[e.service] = image;
  const key = p.imageOf[e.service] ?? e.service;
  apply(p.progress, { ...e, service: key }, now);
  const row = p.progress.rows.find((r) => r.service === key);
  if (!row) return;
  // The row is named after its image already.
  if (row.detail === key) row.detail = null;
  // Ready without a pull or a build: it was on the engine already.
  if (e.event === 'image_ready') row.phase = row.phase === 'waiting' ? 'unchanged' : 'completed';
}

function imageIn(e: Event): string | null {
  switch (e.event) {
    case 'image_progress':
    case 'image_ready':
    case 'rebuilding':
      return e.image;
    case 'service_state':
      // Pulling and building name their image; other states say something else there.
      return e.state === 'pulling' || e.state === 'building' ? e.detail : null;
    default:
      return null;
  }
}
