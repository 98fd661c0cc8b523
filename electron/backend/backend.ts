/**
 * The request handlers behind the contract, shared by Electron's main process and the browser
 * preview server. Each renderer (a window, a WebSocket) gets its own Connection, holding how to
 * send it events, its dialogs if it has them, its running reads, its SSH connections and their
 * open questions, its captures and its downloads, which all stop when it goes. What the backend
 * remembers between runs (recent files, the folders last saved to) is shared by them all.
 */
import {
  type BackendInfo,
  type FileGrant,
  type IpcReply,
  REQUEST_NAMES,
  type RequestName,
  type RequestParams,
  type RequestResult,
} from '../../shared/api';
import { isRequestName, parseRequestParams } from '../../shared/api-validate';
import { CaptureServices, connectionCaptures } from './capture-handlers';
import type { TargetOptions } from '../capture/local-target';
import { sweepAbandonedSpoolDirs } from '../capture/spool-folders';
import { ServerCatalog, type ServerPlaces } from '../ssh/servers/server-catalog';
import type { EventSender } from './event-sender';
import { type Download, type DownloadKind, Downloads } from './downloads';
import { currentGrant, FileGrants } from './file-grants';
import { RecentFiles } from './recent-files';
import type { SaveDialog } from './save-dialog';
import { SaveFolders } from './save-folders';
import { connectionSaves, type SavePlaces } from './save-handlers';
import { SshPrompts } from './ssh-prompts';
import { SshSessions } from './ssh-sessions';
import { openGrantedFile, streamFile } from './stream-file';

export interface BackendOptions {
  kind: BackendInfo['kind'];
  version: string;
  /** Paths named on the command line, offered to every renderer in its hello. */
  openAtStart: readonly string[];
  /** Where captures run and how the target is read; this process's environment when not given. */
  captureTarget?: TargetOptions;
  /**
   * Where saved servers are kept, and the ssh config servers are read from. Its data folder also
   * keeps the recent files and the folders last saved to.
   */
  servers: ServerPlaces;
}

/** What the backend needs from the transport of one renderer. */
export interface RendererPort {
  send: EventSender;
  /** The native open dialog, where there is one: the chosen path, or null when cancelled. */
  showOpenDialog?: () => Promise<string | null>;
  /** The native save dialog, where there is one; without it captures and sessions are offered as downloads. */
  showSaveDialog?: SaveDialog;
  /**
   * The renderer fetches a file's or a running capture's text from an address of the transport's
   * (the preview's HTTP server) rather than taking it as events.
   */
  textByUrl?: boolean;
}

export interface Connection {
  /** Checks and runs one request. Never rejects: a failure comes back as plain words. */
  request(method: unknown, params: unknown): Promise<IpcReply>;
  /** Grants a file the backend chose itself (a menu entry) and offers it with fileOffered. */
  offerFile(path: string): Promise<void>;
  /** Stops this renderer's reads and captures and refuses its further requests. */
  close(): void;
}

export interface Backend {
  connect(port: RendererPort): Connection;
  /** A capture or session its renderer asked to download (saveCapture, saveSession), while that renderer is connected. */
  download(kind: DownloadKind, id: string): Download | null;
  /** The recent files (absolute paths, most recent first, each still there), for File › Open Recent; rejects in plain words when their list is damaged. */
  recentFiles(): Promise<string[]>;
  /** Called with the new list whenever a file joins the recent files; returns the function that stops it. */
  onRecentFilesChange(listener: (paths: readonly string[]) => void): () => void;
  /** Stops every capture and waits (bounded) for perf to end, then removes the captures' files. */
  close(): Promise<void>;
}

type Handlers = { [M in RequestName]: (params: RequestParams<M>) => Promise<RequestResult<M>> };

const UNKNOWN_FILE = 'That file was not opened in this Skbscope session (unknown file id). Open it again with Open… or by dropping it on the window.';

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const grants = new FileGrants();
  const openAtStart = await Promise.all(options.openAtStart.map((path) => grants.grant(path)));
  const services = new CaptureServices(options.version, options.captureTarget ?? {});
  const catalog = new ServerCatalog(options.servers);
  const places: SavePlaces = {
    folders: new SaveFolders(options.servers.dataDir),
    recent: new RecentFiles(options.servers.dataDir),
    downloads: new Downloads(),
  };
  // Spool folders of earlier runs that were killed before they could remove them; in the
  // background, as it never holds up a window.
  services.track(sweepAbandonedSpoolDirs().then(() => undefined));
  const connections = new Set<Connection>();
  return {
    connect: (port) => {
      const connection: Connection = connect(port, { grants, services, catalog, places }, { ...options, openAtStart }, () => connections.delete(connection));
      connections.add(connection);
      return connection;
    },
    download: (kind, id) => places.downloads.get(kind, id),
    recentFiles: () => places.recent.list(),
    onRecentFilesChange: (listener) => places.recent.onChange(listener),
    close: async () => {
      for (const connection of connections) connection.close();
      connections.clear();
      await Promise.all([services.close(), places.recent.settled()]);
    },
  };
}

/** What every renderer's connection shares. */
interface Shared {
  grants: FileGrants;
  services: CaptureServices;
  catalog: ServerCatalog;
  places: SavePlaces;
}

function connect(port: RendererPort, shared: Shared, info: Omit<BackendOptions, 'openAtStart'> & { openAtStart: FileGrant[] }, onClose: () => void): Connection {
  const { grants, services, catalog, places } = shared;
  const reads = new Map<string, AbortController>();
  const offeredFiles = new Set<string>();
  const prompts = new SshPrompts(port.send);
  const servers = new SshSessions(catalog, prompts.port);
  const captures = connectionCaptures(port.send, port.showSaveDialog, services, places, servers, port.textByUrl === true);
  const saves = connectionSaves(port.showSaveDialog, places, (trace) => {
    if (trace.kind === 'capture') return captures.endedSpool(trace.captureId);
    const file = grants.get(trace.fileId);
    if (!file) throw new Error(UNKNOWN_FILE);
    return file.path;
  });
  let closed = false;

  const handlers: Handlers = {
    hello: async () => ({
      kind: info.kind,
      version: info.version,
      nativeOpenDialog: port.showOpenDialog !== undefined,
      captureAvailable: true,
      openAtStart: info.openAtStart,
    }),
    showOpenDialog: async () => {
      if (!port.showOpenDialog) {
        throw new Error('There is no native open dialog here: use the Open… button (it picks a file in the browser) or drop a file on the window.');
      }
      const path = await port.showOpenDialog();
      return path === null ? null : grants.grant(path);
    },
    readFile: async ({ fileId }) => {
      const file = grants.get(fileId);
      if (!file) throw new Error(UNKNOWN_FILE);
      let textUrl: string | null = null;
      let abort: AbortController | null = null;
      if (port.textByUrl === true) {
        offeredFiles.add(fileId);
        textUrl = places.downloads.offer('files', { name: file.name, open: () => openGrantedFile(file) }, fileId).url;
      } else {
        if (reads.has(fileId)) throw new Error(`${file.name} is already being read; wait for it to finish.`);
        // Claimed before the first await, so a second request arriving meanwhile sees it.
        abort = new AbortController();
        reads.set(fileId, abort);
      }
      const grant = await currentGrant(file);
      if (abort) void streamFile(file, port.send, abort.signal).finally(() => reads.delete(fileId));
      // Opened through the backend, so it is offered again next time (when it is a file still there).
      void places.recent.add(file.path);
      return { ...grant, textUrl };
    },
    ...captures.handlers,
    ...saves.handlers,
    listRecent: async () => ({ files: await Promise.all((await places.recent.list()).map((path) => grants.grant(path))) }),
    listServers: () => catalog.list(),
    saveServer: ({ spec }) => catalog.save(spec),
    forgetServer: async ({ serverId }) => ({ forgotten: await catalog.forget(serverId) }),
    answerPrompt: async ({ promptId, answer }) => ({ accepted: prompts.answer(promptId, answer) }),
  };

  const run = async <M extends RequestName>(method: M, raw: unknown): Promise<RequestResult<M>> => {
    const params = parseRequestParams(method, raw);
    if (!params.ok) throw new Error(`The backend refused a malformed ${method} request: ${params.error}.`);
    return handlers[method](params.value);
  };

  return {
    async request(method, params) {
      if (closed) return { ok: false, error: 'This connection to the Skbscope backend is closed; reload the window.' };
      if (!isRequestName(method)) {
        const named = typeof method === 'string' ? JSON.stringify(method.slice(0, 40)) : `of type ${typeof method}`;
        return { ok: false, error: `Unknown request ${named}: the backend answers ${REQUEST_NAMES.join(', ')}.` };
      }
      try {
        return { ok: true, result: await run(method, params) };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
    async offerFile(path) {
      if (!closed) await port.send('fileOffered', await grants.grant(path));
    },
    close() {
      if (closed) return;
      closed = true;
      for (const abort of reads.values()) abort.abort();
      reads.clear();
      for (const fileId of offeredFiles) places.downloads.withdraw('files', fileId);
      // Questions first, so connections still being made give up; perf stops before its connection closes.
      prompts.close();
      saves.close();
      services.track(captures.close().finally(() => servers.close()));
      onClose();
    },
  };
}
