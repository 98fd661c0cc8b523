/**
 * The one contract between the renderer and the backend (Electron main via the preload, or the
 * browser-preview server via a WebSocket). Every request and every event that crosses is named
 * here with its types; both transports carry exactly this and validate it on arrival.
 */

/** What the renderer learns about the backend it talks to, first thing after it starts. */
export interface BackendInfo {
  kind: 'electron' | 'preview';
  version: string;
  /** Electron shows a native open dialog; the browser preview uses a file input instead. */
  nativeOpenDialog: boolean;
  /** Live capture lands with a later issue; until then the renderer shows it disabled. */
  captureAvailable: boolean;
  /** Files named on the command line, to open once the window is ready. */
  openAtStart: FileGrant[];
}

/**
 * A file the user chose (dialog, command line, drop): the backend hands out an opaque id, so the
 * renderer can never ask the backend to read a path it made up.
 */
export interface FileGrant {
  fileId: string;
  name: string;
  size: number;
}

export interface ApiRequests {
  hello: { params: Record<string, never>; result: BackendInfo };
  /** Shows the native open dialog; null when the user cancels. */
  showOpenDialog: { params: Record<string, never>; result: FileGrant | null };
  /** Starts streaming a granted file as fileChunk events, then fileEnd or fileError. */
  readFile: { params: { fileId: string }; result: FileGrant };
}

/** A fileChunk carries the text of at most this many bytes of the file (plus up to 3 held back from the one before). */
export const FILE_CHUNK_BYTES = 1024 * 1024;

export interface ApiEvents {
  /** The backend offers a file to open (a second launch, a menu entry). */
  fileOffered: FileGrant;
  fileChunk: { fileId: string; text: string; bytesRead: number };
  fileEnd: { fileId: string; bytesRead: number };
  fileError: { fileId: string; message: string };
}

export type RequestName = keyof ApiRequests;
export type EventName = keyof ApiEvents;
export type RequestParams<M extends RequestName> = ApiRequests[M]['params'];
export type RequestResult<M extends RequestName> = ApiRequests[M]['result'];

/** Messages on the WebSocket of the browser preview (Electron IPC carries the same payloads). */
export type WireMessage =
  | { kind: 'request'; id: number; method: RequestName; params: unknown }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string }
  | { kind: 'event'; name: EventName; payload: unknown };

export const REQUEST_NAMES: readonly RequestName[] = ['hello', 'showOpenDialog', 'readFile'];
export const EVENT_NAMES: readonly EventName[] = ['fileOffered', 'fileChunk', 'fileEnd', 'fileError'];

/**
 * What Electron's main process answers on IPC_REQUEST_CHANNEL. Failures travel as values, so the
 * renderer gets the backend's own words rather than Electron's "Error invoking remote method" wrapper.
 */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: string };

/** The IPC channel names Electron uses; one per direction. */
export const IPC_REQUEST_CHANNEL = 'skbscope:request';
export const IPC_EVENT_CHANNEL = 'skbscope:event';

/** What the preload exposes on `window.skbscope`, and what the WebSocket client implements. */
export interface BackendBridge {
  request<M extends RequestName>(method: M, params: RequestParams<M>): Promise<RequestResult<M>>;
  /** Subscribes to every event; returns the function that unsubscribes. */
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
}
