/**
 * The request handlers behind the contract, shared by Electron's main process and the browser
 * preview server. Each renderer (a window, a WebSocket) gets its own Connection, holding how to
 * send it events, its dialogs if it has them, its running reads, its SSH connections and their
 * open questions, and its captures, which all stop when it goes.
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
import { type CaptureDownload, CaptureServices, connectionCaptures, type SaveDialog } from './capture-handlers';
import type { TargetOptions } from '../capture/local-target';
import { sweepAbandonedSpoolDirs } from '../capture/spool-folders';
import { ServerCatalog, type ServerPlaces } from '../ssh/servers/server-catalog';
import type { EventSender } from './event-sender';
import { currentGrant, FileGrants } from './file-grants';
import { SshPrompts } from './ssh-prompts';
import { SshSessions } from './ssh-sessions';
import { streamFile } from './stream-file';

export interface BackendOptions {
  kind: BackendInfo['kind'];
  version: string;
  /** Paths named on the command line, offered to every renderer in its hello. */
  openAtStart: readonly string[];
  /** Where captures run and how the target is read; this process's environment when not given. */
  captureTarget?: TargetOptions;
  /** Where saved servers are kept, and the ssh config servers are read from. */
  servers: ServerPlaces;
}

/** What the backend needs from the transport of one renderer. */
export interface RendererPort {
  send: EventSender;
  /** The native open dialog, where there is one: the chosen path, or null when cancelled. */
  showOpenDialog?: () => Promise<string | null>;
  /** The native save dialog, where there is one; without it captures are offered as downloads. */
  showSaveDialog?: SaveDialog;
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
  /** A capture its renderer asked to download with saveCapture, while that renderer is connected. */
  download(captureId: string): CaptureDownload | null;
  /** Stops every capture and waits (bounded) for perf to end, then removes the captures' files. */
  close(): Promise<void>;
}

type Handlers = { [M in RequestName]: (params: RequestParams<M>) => Promise<RequestResult<M>> };

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const grants = new FileGrants();
  const openAtStart = await Promise.all(options.openAtStart.map((path) => grants.grant(path)));
  const services = new CaptureServices(options.version, options.captureTarget ?? {});
  const catalog = new ServerCatalog(options.servers);
  // Spool folders of earlier runs that were killed before they could remove them; in the
  // background, as it never holds up a window.
  services.track(sweepAbandonedSpoolDirs().then(() => undefined));
  const connections = new Set<Connection>();
  return {
    connect: (port) => {
      const connection: Connection = connect(port, { grants, services, catalog }, { ...options, openAtStart }, () => connections.delete(connection));
      connections.add(connection);
      return connection;
    },
    download: (captureId) => services.downloads.get(captureId) ?? null,
    close: async () => {
      for (const connection of connections) connection.close();
      connections.clear();
      await services.close();
    },
  };
}

/** What every renderer's connection shares. */
interface Shared {
  grants: FileGrants;
  services: CaptureServices;
  catalog: ServerCatalog;
}

function connect(port: RendererPort, shared: Shared, info: Omit<BackendOptions, 'openAtStart'> & { openAtStart: FileGrant[] }, onClose: () => void): Connection {
  const { grants, services, catalog } = shared;
  const reads = new Map<string, AbortController>();
  const prompts = new SshPrompts(port.send);
  const servers = new SshSessions(catalog, prompts.port);
  const captures = connectionCaptures(port.send, port.showSaveDialog, services, servers);
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
      if (!file) {
        throw new Error('That file was not opened in this Skbscope session (unknown file id). Open it again with Open… or by dropping it on the window.');
      }
      if (reads.has(fileId)) throw new Error(`${file.name} is already being read; wait for it to finish.`);
      // Claimed before the first await, so a second request arriving meanwhile sees it.
      const abort = new AbortController();
      reads.set(fileId, abort);
      const grant = await currentGrant(file);
      void streamFile(file, port.send, abort.signal).finally(() => reads.delete(fileId));
      return grant;
    },
    ...captures.handlers,
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
      // Questions first, so connections still being made give up; perf stops before its connection closes.
      prompts.close();
      services.track(captures.close().finally(() => servers.close()));
      onClose();
    },
  };
}
