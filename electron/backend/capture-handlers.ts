/**
 * The capture requests of one renderer: what the target offers, start, stop and save, on this
 * machine or on a server over SSH (through the renderer's SshSessions). Captures belong to their
 * connection: when it closes, its perf is stopped and its spool files go.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RequestName, RequestParams, RequestResult } from '../../shared/api';
import type { TargetRef } from '../../shared/api';
import { type CaptureRun, captureRefusals, spoolPathFor, startCaptureRun } from '../capture/capture-run';
import { localPerfHost } from '../capture/local-perf-host';
import { readLocalTarget, type TargetOptions } from '../capture/local-target';
import type { PerfHost } from '../capture/perf-host';
import { makeSpoolDir } from '../capture/spool-folders';
import { CaptureEvents } from './capture-events';
import type { EventSender } from './event-sender';
import { type SaveDialog, safeFileName } from './save-dialog';
import type { SavePlaces } from './save-handlers';
import { saveWithDialog } from './save-with-dialog';
import type { SshSessions } from './ssh-sessions';

type CaptureRequestName = Extract<RequestName, 'captureTarget' | 'startCapture' | 'stopCapture' | 'saveCapture'>;
export type CaptureHandlers = { [M in CaptureRequestName]: (params: RequestParams<M>) => Promise<RequestResult<M>> };

/** How long closing waits for perf to end; the wrapper kills perf 5 s after asking it to stop. */
const STOP_WAIT_MS = 8000;

/** What all connections of one backend share. */
export class CaptureServices {
  private spoolDirectory: Promise<string> | null = null;
  private readonly closing = new Set<Promise<void>>();

  constructor(
    readonly version: string,
    private readonly targetOptions: TargetOptions,
  ) {}

  /** This machine as a place to run perf, read afresh. */
  async localHost(): Promise<PerfHost> {
    return localPerfHost(await readLocalTarget(this.targetOptions));
  }

  /** One private folder per backend (os.tmpdir()/skbscope-spool-*, see spool-folders.ts), made when the first capture starts. */
  spoolDir(): Promise<string> {
    this.spoolDirectory ??= makeSpoolDir();
    return this.spoolDirectory;
  }

  /** Remembers a cleanup (a connection's, the sweep at start), so closing the backend can wait for it. */
  track(cleanup: Promise<void>): void {
    this.closing.add(cleanup);
    void cleanup.finally(() => this.closing.delete(cleanup));
  }

  async close(): Promise<void> {
    await Promise.all(this.closing);
    if (this.spoolDirectory !== null) await rm(await this.spoolDirectory, { recursive: true, force: true });
  }
}

interface Capture {
  run: CaptureRun;
  events: CaptureEvents;
}

export interface ConnectionCaptures {
  handlers: CaptureHandlers;
  /** The spool of a capture of this connection that has ended, to save a session from; throws in plain words. */
  endedSpool(captureId: string): string;
  /** Stops this connection's captures, waits for perf to end (bounded), removes their files. */
  close(): Promise<void>;
}

export function connectionCaptures(
  send: EventSender,
  saveDialog: SaveDialog | undefined,
  services: CaptureServices,
  places: SavePlaces,
  servers: SshSessions,
  /** The renderer fetches perf's text from an address (see CaptureStarted.textUrl) rather than taking captureChunk events. */
  textByUrl: boolean,
): ConnectionCaptures {
  const captures = new Map<string, Capture>();
  let starting = false;
  let closed = false;

  // A server's host is the one its captureTarget read (on the connection made then); this machine is read afresh.
  const hostFor = (target: TargetRef): Promise<PerfHost> => (target.kind === 'local' ? services.localHost() : servers.host(target.serverId));

  const find = (captureId: string): Capture => {
    const capture = captures.get(captureId);
    if (!capture) throw new Error('That capture is not known in this window (unknown capture id): it may belong to a window that was closed or reloaded.');
    return capture;
  };

  const ended = (captureId: string): CaptureRun => {
    const { run } = find(captureId);
    if (run.running) throw new Error('The capture is still running: stop it first, then save it.');
    return run;
  };

  const handlers: CaptureHandlers = {
    captureTarget: async ({ target }) => (target.kind === 'local' ? await services.localHost() : await servers.readHost(target.serverId)).target,

    startCapture: async ({ target, settings, elevate }) => {
      // Claimed before the first await, so a double click cannot start two.
      if (starting || [...captures.values()].some((c) => c.run.running)) throw new Error('A capture is already running in this window: stop it first.');
      starting = true;
      try {
        const host = await hostFor(target);
        const refusals = captureRefusals(settings, elevate, host);
        if (refusals.length > 0) throw new Error(refusals.join(' '));
        // A sudo password, asked before anything runs.
        await host.prepare(elevate);
        const captureId = randomBytes(16).toString('hex');
        const events = new CaptureEvents(send);
        const run = await startCaptureRun(
          { settings, elevate, skbscopeVersion: services.version, spoolPath: spoolPathFor(await services.spoolDir(), captureId) },
          host,
          { perfText: textByUrl ? () => undefined : (text, bytes) => events.chunk(captureId, text, bytes), commandText: (text) => events.output(captureId, text) },
        );
        if (closed) {
          // The window went while perf was starting: perf must not run on with nobody to stop it.
          run.stop();
          services.track(run.ended.then(() => run.spool.remove()));
          throw new Error('The window was closed while the capture was starting.');
        }
        captures.set(captureId, { run, events });
        void run.ended.then((outcome) => events.ended({ captureId, ...outcome }));
        // Only microtasks lie between this return and the transport sending the response; a
        // macrotask later, the events may follow it.
        setImmediate(() => events.release());
        const textUrl = textByUrl ? places.downloads.offer('live', { name: 'capture.txt', open: async () => ({ bytes: run.spool.follow(), size: null }) }, captureId).url : null;
        return { captureId, commandLine: run.commandLine, textUrl };
      } finally {
        starting = false;
      }
    },

    stopCapture: async ({ captureId }) => ({ stopping: find(captureId).run.stop() }),

    saveCapture: async ({ captureId, suggestedName }) => {
      const run = ended(captureId);
      if (saveDialog === undefined) {
        const name = safeFileName('capture', suggestedName);
        const { path } = run.spool;
        const { url } = places.downloads.offer('captures', { name, open: async () => ({ bytes: createReadStream(path), size: (await stat(path)).size }) }, captureId);
        return { kind: 'download', url, name };
      }
      const path = await saveWithDialog(saveDialog, places.folders, 'capture', suggestedName, (target) => run.spool.saveAs(target));
      return path === null ? { kind: 'cancelled' } : { kind: 'saved', name: basename(path) };
    },
  };

  return {
    handlers,
    endedSpool: (captureId) => ended(captureId).spool.path,
    async close() {
      closed = true;
      const all = [...captures.entries()];
      captures.clear();
      for (const [captureId, { run }] of all) {
        places.downloads.withdraw('captures', captureId);
        places.downloads.withdraw('live', captureId);
        run.stop();
      }
      await Promise.race([Promise.all(all.map(([, { run }]) => run.ended)), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS))]);
      await Promise.all(all.map(([, { run }]) => run.spool.remove()));
    },
  };
}
