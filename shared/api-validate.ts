/**
 * Run-time checks for everything that crosses between the renderer and the backend, one schema per
 * type in `api.ts`. The tables below are typed against the contract, so adding a request or an
 * event there without its schema here, or letting the two drift apart, fails to compile.
 */
import {
  type ApiEvents,
  EVENT_NAMES,
  type EventName,
  FILE_CHUNK_BYTES,
  type BackendInfo,
  type FileGrant,
  type IpcReply,
  REQUEST_NAMES,
  type RequestName,
  type RequestParams,
  type RequestResult,
  type WireMessage,
} from './api';
import {
  array,
  boolean,
  integer,
  literal,
  nullable,
  object,
  type Parsed,
  type Schema,
  string,
  union,
  unknownValue,
  variants,
} from './contract/schema';

export type { Parsed };

const count = integer(0, Number.MAX_SAFE_INTEGER);
// Ids are made by the backend's grant registry: random hex, never anything path-like.
const fileId = string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ });
// A file name on Linux is at most 255 bytes; generous, but no megabyte "names".
const fileName = string({ min: 1, max: 1024 });
// Plain-words messages may quote a path (up to 4096 bytes on Linux) and a sentence around it.
const message = string({ min: 1, max: 16_384 });
// Each UTF-8 byte decodes to at most one UTF-16 unit; the decoder may add 3 held back from the last chunk.
const chunkText = string({ max: FILE_CHUNK_BYTES + 3 });
const MAX_FILES_AT_START = 1000;

const noParams: Schema<Record<string, never>> = object({});

const fileGrant: Schema<FileGrant> = object({ fileId, name: fileName, size: count });

const backendInfo: Schema<BackendInfo> = object({
  kind: literal('electron', 'preview'),
  version: string({ min: 1, max: 64 }),
  nativeOpenDialog: boolean(),
  captureAvailable: boolean(),
  openAtStart: array(fileGrant, MAX_FILES_AT_START),
});

const requestSchemas: { [M in RequestName]: { params: Schema<RequestParams<M>>; result: Schema<RequestResult<M>> } } = {
  hello: { params: noParams, result: backendInfo },
  showOpenDialog: { params: noParams, result: nullable(fileGrant) },
  readFile: { params: object({ fileId }), result: fileGrant },
};

const eventSchemas: { [N in EventName]: Schema<ApiEvents[N]> } = {
  fileOffered: fileGrant,
  fileChunk: object({ fileId, text: chunkText, bytesRead: count }),
  fileEnd: object({ fileId, bytesRead: count }),
  fileError: object({ fileId, message }),
};

const requestId = count;

// The envelope only: params, result and payload are checked by name once the receiver knows it.
const wireMessage: Schema<WireMessage> = variants('kind', {
  request: object({ kind: literal('request'), id: requestId, method: literal(...REQUEST_NAMES), params: unknownValue() }),
  response: union(
    object({ kind: literal('response'), id: requestId, ok: literal(true), result: unknownValue() }),
    object({ kind: literal('response'), id: requestId, ok: literal(false), error: message }),
  ),
  event: object({ kind: literal('event'), name: literal(...EVENT_NAMES), payload: unknownValue() }),
});

const ipcReply: Schema<IpcReply> = union(
  object({ ok: literal(true), result: unknownValue() }),
  object({ ok: literal(false), error: message }),
);

export function isRequestName(raw: unknown): raw is RequestName {
  return REQUEST_NAMES.some((name) => name === raw);
}

export function isEventName(raw: unknown): raw is EventName {
  return EVENT_NAMES.some((name) => name === raw);
}

export function parseRequestParams<M extends RequestName>(method: M, raw: unknown): Parsed<RequestParams<M>> {
  return requestSchemas[method].params.parse(raw, `${method} parameters`);
}

export function parseRequestResult<M extends RequestName>(method: M, raw: unknown): Parsed<RequestResult<M>> {
  return requestSchemas[method].result.parse(raw, `${method} result`);
}

export function parseEventPayload<N extends EventName>(name: N, raw: unknown): Parsed<ApiEvents[N]> {
  return eventSchemas[name].parse(raw, name);
}

export function parseWireMessage(raw: unknown): Parsed<WireMessage> {
  return wireMessage.parse(raw, 'message');
}

/** A WebSocket text frame: JSON first, then the envelope. */
export function parseWireText(text: string): Parsed<WireMessage> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'message: not valid JSON' };
  }
  return parseWireMessage(raw);
}

export function parseIpcReply(raw: unknown): Parsed<IpcReply> {
  return ipcReply.parse(raw, 'reply');
}
