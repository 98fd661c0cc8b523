/**
 * A backend connection with its own data folder, as Electron's window has it (a native open and
 * save dialog, answered by the test) or as the preview's page has it (neither), for tests of
 * saving, of the folders offered and of the recent files.
 */
import { vi } from 'vitest';
import type { FileGrant } from '../../shared/api';
import type { SaveDialogDetails } from '../../electron/backend/save-dialog';
import type { TargetOptions } from '../../electron/capture/local-target';
import { type CaptureHarness, captureBackend } from './capture-backend';
import { NO_SERVERS } from './ssh-home';

export interface Asked {
  name: string;
  folder: string | null;
  details: SaveDialogDetails;
}

export interface SavingBackend extends CaptureHarness {
  /** Every save dialog shown, in order. */
  asked: Asked[];
  /** What the next save dialogs answer, in order (null: cancelled); an empty queue cancels. */
  answers: Array<string | null>;
  /** Opens a file as the user does with Open… (the native dialog), reads it whole, and returns its grant. */
  open(path: string): Promise<FileGrant>;
  /** Reads a granted file whole, as the renderer does, and returns its text. */
  read(fileId: string): Promise<string>;
}

export async function savingBackend(
  dataDir: string,
  options: { dialogs?: boolean; openAtStart?: string[]; captureTarget?: TargetOptions } = {},
): Promise<SavingBackend> {
  const asked: Asked[] = [];
  const answers: Array<string | null> = [];
  let toOpen: string | null = null;
  const dialogs = options.dialogs ?? true;
  const h = await captureBackend({
    servers: { ...NO_SERVERS, dataDir },
    openAtStart: options.openAtStart,
    captureTarget: options.captureTarget,
    showOpenDialog: dialogs ? async () => toOpen : undefined,
    showSaveDialog: dialogs
      ? async (name, folder, details) => {
          asked.push({ name, folder, details });
          return answers.shift() ?? null;
        }
      : undefined,
  });
  const read = async (fileId: string): Promise<string> => {
    await h.request('readFile', { fileId });
    const end = await vi.waitFor(
      () => {
        const found = h.log.find((e) => (e.name === 'fileEnd' || e.name === 'fileError') && 'fileId' in e.payload && e.payload.fileId === fileId);
        if (!found) throw new Error(`${fileId} has not been read yet`);
        return found;
      },
      { timeout: 10_000, interval: 5 },
    );
    if (end.name === 'fileError' && 'message' in end.payload) throw new Error(end.payload.message);
    return h.log
      .map((e) => (e.name === 'fileChunk' && 'text' in e.payload && 'fileId' in e.payload && e.payload.fileId === fileId ? e.payload.text : ''))
      .join('');
  };
  return {
    ...h,
    asked,
    answers,
    read,
    async open(path) {
      toOpen = path;
      const grant = await h.request('showOpenDialog', {});
      if (grant === null) throw new Error('the open dialog answered nothing');
      await read(grant.fileId);
      return grant;
    },
  };
}
