// The native file dialogs (Tauri's dialog plugin), kept beside the api so views stay plain.
import { open, save } from '@tauri-apps/plugin-dialog';
import type { ExportFormat } from './bindings/ExportFormat';

/** Asks where to save the progress report; the format follows the extension chosen. */
export async function askReportPath(title: string): Promise<{ path: string; format: ExportFormat } | null> {
  const path = await save({
    title,
    defaultPath: 'nivel-progreso.html',
    filters: [
      { name: 'HTML', extensions: ['html'] },
      { name: 'Markdown', extensions: ['md'] },
      { name: 'JSON', extensions: ['json'] },
    ],
  });
  return path ? { path, format: formatOf(path) } : null;
}

export function formatOf(path: string): ExportFormat {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'md' || ext === 'markdown') return 'md';
  if (ext === 'json') return 'json';
  return 'html';
}

export async function askLogPath(title: string, name: string): Promise<string | null> {
  return save({ title, defaultPath: name, filters: [{ name: 'Log', extensions: ['log', 'txt'] }] });
}

export async function askFolder(title: string): Promise<string | null> {
  const chosen = await open({ title, directory: true, multiple: false });
  return typeof chosen === 'string' ? chosen : null;
}

const ARCHIVES = [{ name: 'Docker image archive', extensions: ['tar'] }];

export async function askArchiveSavePath(title: string, name: string): Promise<string | null> {
  return save({ title, defaultPath: name, filters: ARCHIVES });
}

export async function askArchiveOpenPath(title: string): Promise<string | null> {
  const chosen = await open({ title, multiple: false, directory: false, filters: ARCHIVES });
  return typeof chosen === 'string' ? chosen : null;
}
