/**
 * What a native save dialog is asked to show, per kind of file saved: its title and filters, the
 * name offered and the folder to open in. Electron's main process shows it as asked; everything
 * else about saving lives here and in the handlers, where Node tests reach it.
 */
import type { SavePurpose } from '../../shared/api';
import { SESSION_EXTENSION } from '../../shared/session/session-file';

/** What is saved: a capture as a trace file, or what the page made. */
export type SaveKind = 'capture' | SavePurpose;

export interface DialogFilter {
  name: string;
  extensions: string[];
}

/** How the dialog for one kind of file looks. */
export interface SaveDialogDetails {
  kind: SaveKind;
  title: string;
  filters: DialogFilter[];
}

/**
 * The native save dialog: the path chosen, or null when cancelled. `suggestedName` is a bare file
 * name, safe to offer; `folder` is the one last saved to for this kind, when it is still there
 * (null: the dialog's own choice).
 */
export type SaveDialog = (suggestedName: string, folder: string | null, details: SaveDialogDetails) => Promise<string | null>;

const ALL_FILES: DialogFilter = { name: 'All files', extensions: ['*'] };

const DIALOGS: { [K in SaveKind]: { title: string; filters: DialogFilter[]; fallbackName: string } } = {
  capture: { title: 'Save the capture', filters: [{ name: 'perf trace output', extensions: ['txt', 'perftrace'] }, ALL_FILES], fallbackName: 'capture.txt' },
  image: { title: 'Export the timeline as an image', filters: [{ name: 'PNG images', extensions: ['png'] }, ALL_FILES], fallbackName: 'timeline.png' },
  session: {
    title: 'Save the session',
    filters: [{ name: 'Skbscope sessions', extensions: [SESSION_EXTENSION] }, ALL_FILES],
    fallbackName: `session.${SESSION_EXTENSION}`,
  },
};

export function saveDialogDetails(kind: SaveKind): SaveDialogDetails {
  const { title, filters } = DIALOGS[kind];
  return { kind, title, filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })) };
}

/** A name for a file in a folder: no folders, no control characters, never empty or hidden. */
export function safeFileName(kind: SaveKind, suggested: string): string {
  const name = suggested
    .replace(/[/\\\0-\x1f\x7f]+/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return name === '' ? DIALOGS[kind].fallbackName : name;
}
