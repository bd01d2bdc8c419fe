// The offline-images section's logic, apart from its view: which labs a save takes, how far
// a save or load has got, and the archive's file name.
import type { ArchiveProgress } from './bindings/ArchiveProgress';

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
