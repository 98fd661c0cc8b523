/**
 * The save requests of one renderer for what is not a capture: bytes the page made (an exported
 * image, a session of a trace the page holds) and sessions of traces the backend holds. With a
 * native dialog they are written atomically where the user says; in the browser preview a
 * session is offered as a download (the page downloads what it made itself).
 */
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { HeldTrace, RequestName, RequestParams, RequestResult } from '../../shared/api';
import { writeAtomically } from '../capture/atomic-write';
import type { Downloads } from './downloads';
import { openHeldTrace } from './held-trace';
import type { RecentFiles } from './recent-files';
import { type SaveDialog, safeFileName } from './save-dialog';
import type { SaveFolders } from './save-folders';
import { saveWithDialog } from './save-with-dialog';
import { sessionBytes } from './session-stream';

type SaveRequestName = Extract<RequestName, 'saveBytes' | 'saveSession'>;
export type SaveHandlers = { [M in SaveRequestName]: (params: RequestParams<M>) => Promise<RequestResult<M>> };

/** What every connection's saves share. */
export interface SavePlaces {
  folders: SaveFolders;
  recent: RecentFiles;
  downloads: Downloads;
}

/** The file behind a held trace of this connection; throws in plain words when there is none to save. */
export type HeldTracePath = (trace: HeldTrace) => string;

export interface ConnectionSaves {
  handlers: SaveHandlers;
  /** Withdraws this connection's downloads. */
  close(): void;
}

export function connectionSaves(saveDialog: SaveDialog | undefined, places: SavePlaces, pathOf: HeldTracePath): ConnectionSaves {
  const offered = new Set<string>();

  const handlers: SaveHandlers = {
    saveBytes: async ({ purpose, suggestedName, base64 }) => {
      if (saveDialog === undefined) {
        throw new Error('The browser preview has no save dialog, so it does not save what the page made: the page downloads it itself.');
      }
      const bytes = Buffer.from(base64, 'base64');
      const path = await saveWithDialog(saveDialog, places.folders, purpose, suggestedName, (target) => writeAtomically(target, (handle) => handle.writeFile(bytes)));
      if (path === null) return { kind: 'cancelled' };
      if (purpose === 'session') void places.recent.add(path);
      return { kind: 'saved', name: basename(path) };
    },

    saveSession: async ({ trace, header, suggestedName }) => {
      const source = pathOf(trace);
      if (saveDialog === undefined) {
        // Opened now so that a file gone is said now, and again each time the page fetches it.
        await (await openHeldTrace(source)).close();
        const name = safeFileName('session', suggestedName);
        const { id, url } = places.downloads.offer('sessions', { name, open: () => openSession(header, source) });
        offered.add(id);
        return { kind: 'download', url, name };
      }
      const handle = await openHeldTrace(source);
      try {
        const path = await saveWithDialog(saveDialog, places.folders, 'session', suggestedName, (target) =>
          writeAtomically(target, async (out) => {
            for await (const chunk of sessionBytes(header, handle, source)) await out.write(chunk);
          }),
        );
        if (path === null) return { kind: 'cancelled' };
        void places.recent.add(path);
        return { kind: 'saved', name: basename(path) };
      } finally {
        await handle.close();
      }
    },
  };

  return {
    handlers,
    close() {
      for (const id of offered) places.downloads.withdraw('sessions', id);
      offered.clear();
    },
  };
}

/** A session's bytes for one download; the trace is closed once they have all gone, or the fetch went. */
async function openSession(header: string, source: string): Promise<{ bytes: Readable; size: null }> {
  const handle = await openHeldTrace(source);
  const bytes = Readable.from(sessionBytes(header, handle, source), { objectMode: false });
  // On 'close', which also comes when the stream is destroyed before its first read.
  bytes.once('close', () => void handle.close().catch(() => undefined));
  return { bytes, size: null };
}
