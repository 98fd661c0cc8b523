/**
 * Run-time checks for everything that crosses between the renderer and the backend, one schema per
 * type in `api.ts`. The tables below are typed against the contract, so adding a request or an
 * event there without its schema here, or letting the two drift apart, fails to compile.
 */
import {
  type CaptureMode,
  type CaptureSettings,
  EVENT_PATTERN,
  MAX_CAPTURE_SECONDS,
  MAX_EVENTS_LIMIT,
  type TracepointGroup,
} from './capture/capture-settings';
import {
  type ApiEvents,
  type CaptureEnded,
  type CaptureProblem,
  type CaptureTarget,
  type HeldTrace,
  MAX_RECENT_FILES,
  MAX_SAVE_BASE64_CHARS,
  MAX_SESSION_HEADER_CHARS,
  type SaveResult,
  type ServerEntry,
  type ServerSpec,
  type SshPrompt,
  type TargetRef,
  EVENT_NAMES,
  type EventName,
  FILE_CHUNK_BYTES,
  type BackendInfo,
  type FileGrant,
  type IpcReply,
  MENU_COMMANDS,
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
  record,
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

const fileGrantShape = { fileId, name: fileName, size: count };
const fileGrant: Schema<FileGrant> = object(fileGrantShape);
/** An address of the backend's own where the renderer fetches text itself: `/<folder>/<id>/<name>`. */
const textUrlUnder = (folder: 'live' | 'files'): Schema<string> => string({ min: 1, max: 2048, pattern: new RegExp(`^/${folder}/[A-Za-z0-9_-]{1,64}/[^\\s/]+$`) });

const backendInfo: Schema<BackendInfo> = object({
  kind: literal('electron', 'preview'),
  version: string({ min: 1, max: 64 }),
  nativeOpenDialog: boolean(),
  captureAvailable: boolean(),
  openAtStart: array(fileGrant, MAX_FILES_AT_START),
});

// Capture ids are made by the backend, like file ids.
const captureId = fileId;
const eventName = string({ min: 3, max: 193, pattern: EVENT_PATTERN });
const MAX_EVENTS_CHOSEN = 4096;
// perf reads a filter as one argument; it never needs a newline or a NUL, and a shell must never see one.
const filterText = string({ min: 1, max: 4096, pattern: /^[^\n\r\0]*$/ });
const argWord = string({ max: 4096, pattern: /^[^\0]*$/ });

const captureMode: Schema<CaptureMode> = variants('kind', {
  command: object({ kind: literal('command'), argv: array(argWord, 1024) }),
  system: object({ kind: literal('system'), seconds: nullable(integer(1, MAX_CAPTURE_SECONDS)) }),
});

const captureSettings: Schema<CaptureSettings> = object({
  events: array(eventName, MAX_EVENTS_CHOSEN),
  filters: record(eventName, filterText, MAX_EVENTS_CHOSEN),
  mode: captureMode,
  maxEvents: integer(1, MAX_EVENTS_LIMIT),
});

const tracepointGroup: Schema<TracepointGroup> = object({
  subsystem: string({ min: 1, max: 64, pattern: /^[a-z0-9_]+$/i }),
  events: array(eventName, 10_000),
});

const shortText = string({ max: 1024 });

const serverId = string({ min: 1, max: 300, pattern: /^(config|saved):[^\0\n]+$/ });
const targetRef: Schema<TargetRef> = variants('kind', {
  local: object({ kind: literal('local') }),
  ssh: object({ kind: literal('ssh'), serverId }),
});
const serverEntry: Schema<ServerEntry> = object({
  id: serverId,
  source: literal('ssh-config', 'saved'),
  name: string({ min: 1, max: 300 }),
  resolved: string({ max: 2048 }),
});
// A host as typed, or an alias: no spaces or control characters, which neither DNS nor ssh allow.
const hostText = string({ min: 1, max: 255, pattern: /^[^\s\0-\x1f]+$/ });
const serverSpec: Schema<ServerSpec> = object({
  host: hostText,
  port: nullable(integer(1, 65_535)),
  user: nullable(string({ min: 1, max: 255, pattern: /^[^\s\0-\x1f@]+$/ })),
  identityFile: nullable(string({ min: 1, max: 4096, pattern: /^[^\0\n]+$/ })),
});
const promptId = fileId;
const sshPrompt: Schema<SshPrompt> = variants('kind', {
  'host-key': object({
    promptId,
    server: string({ min: 1, max: 300 }),
    kind: literal('host-key'),
    host: string({ min: 1, max: 300 }),
    keyType: string({ min: 1, max: 64 }),
    fingerprint: string({ min: 1, max: 128 }),
  }),
  secret: object({
    promptId,
    server: string({ min: 1, max: 300 }),
    kind: literal('secret'),
    purpose: literal('passphrase', 'password', 'keyboard-interactive', 'sudo-password'),
    message: string({ max: 4096 }),
    echo: boolean(),
  }),
});

const captureTarget: Schema<CaptureTarget> = object({
  where: string({ min: 1, max: 600 }),
  hostname: shortText,
  kernel: shortText,
  perfVersion: nullable(shortText),
  isRoot: boolean(),
  canElevate: boolean(),
  elevateWith: nullable(literal('pkexec', 'sudo')),
  tracepoints: array(tracepointGroup, 1000),
  tracepointSource: literal('tracefs', 'perf list', 'built-in'),
  problem: nullable(message),
});

const captureProblem: Schema<CaptureProblem> = object({
  kind: literal('perf-missing', 'permission', 'unknown-tracepoint', 'command-not-found', 'perf-failed', 'perf-killed', 'start-failed', 'connection'),
  message,
  fix: string({ max: 16_384 }),
  perfSaid: string({ max: 16_384 }),
  canElevate: boolean(),
});

const captureEnded: Schema<CaptureEnded> = object({
  captureId,
  outcome: literal('finished', 'stopped', 'capped', 'interrupted', 'failed'),
  exitCode: nullable(integer(-1, 255)),
  signal: nullable(string({ min: 1, max: 32 })),
  bytes: count,
  problem: nullable(captureProblem),
});

const saveResult: Schema<SaveResult> = variants('kind', {
  saved: object({ kind: literal('saved'), name: fileName }),
  cancelled: object({ kind: literal('cancelled') }),
  download: object({ kind: literal('download'), url: string({ min: 1, max: 2048, pattern: /^\/[^\s]*$/ }), name: fileName }),
});

// Plain base64 as btoa and FileReader write it: whole groups of four characters, `=` only at the end.
const base64Characters = string({ min: 4, max: MAX_SAVE_BASE64_CHARS, pattern: /^[A-Za-z0-9+/]*={0,2}$/ });
const base64: Schema<string> = {
  parse: (raw, at) => {
    const parsed = base64Characters.parse(raw, at);
    if (parsed.ok && parsed.value.length % 4 !== 0) return { ok: false, error: `${at}: expected base64 in whole groups of four characters, got ${parsed.value.length} characters` };
    return parsed;
  },
};

const heldTrace: Schema<HeldTrace> = variants('kind', {
  file: object({ kind: literal('file'), fileId }),
  capture: object({ kind: literal('capture'), captureId }),
});

// Comment lines only, each ended: what sessionHeader writes. No control characters, which no header
// line needs, and no lone surrogates, which UTF-8 cannot write.
const sessionHeader = string({ min: 3, max: MAX_SESSION_HEADER_CHARS, pattern: /^(?:# [^\0-\x08\x0a-\x1f\x7f\ud800-\udfff]*\n)+$/u });

const requestSchemas: { [M in RequestName]: { params: Schema<RequestParams<M>>; result: Schema<RequestResult<M>> } } = {
  hello: { params: noParams, result: backendInfo },
  showOpenDialog: { params: noParams, result: nullable(fileGrant) },
  readFile: { params: object({ fileId }), result: object({ ...fileGrantShape, textUrl: nullable(textUrlUnder('files')) }) },
  listServers: { params: noParams, result: object({ servers: array(serverEntry, 10_000), problem: nullable(message) }) },
  saveServer: { params: object({ spec: serverSpec }), result: serverEntry },
  forgetServer: { params: object({ serverId }), result: object({ forgotten: boolean() }) },
  captureTarget: { params: object({ target: targetRef }), result: captureTarget },
  answerPrompt: { params: object({ promptId, answer: nullable(string({ max: 4096 })) }), result: object({ accepted: boolean() }) },
  startCapture: {
    params: object({ target: targetRef, settings: captureSettings, elevate: boolean() }),
    result: object({ captureId, commandLine: string({ min: 1, max: 65_536 }), textUrl: nullable(textUrlUnder('live')) }),
  },
  stopCapture: { params: object({ captureId }), result: object({ stopping: boolean() }) },
  saveCapture: { params: object({ captureId, suggestedName: fileName }), result: saveResult },
  saveBytes: { params: object({ purpose: literal('image', 'session'), suggestedName: fileName, base64 }), result: saveResult },
  saveSession: { params: object({ trace: heldTrace, header: sessionHeader, suggestedName: fileName }), result: saveResult },
  listRecent: { params: noParams, result: object({ files: array(fileGrant, MAX_RECENT_FILES) }) },
};

const eventSchemas: { [N in EventName]: Schema<ApiEvents[N]> } = {
  fileOffered: fileGrant,
  fileChunk: object({ fileId, text: chunkText, bytesRead: count }),
  fileEnd: object({ fileId, bytesRead: count }),
  fileError: object({ fileId, message }),
  captureChunk: object({ captureId, text: chunkText, bytes: count }),
  commandOutput: object({ captureId, text: chunkText }),
  captureEnded,
  sshPrompt,
  sshPromptClosed: object({ promptId }),
  menuCommand: object({ command: literal(...MENU_COMMANDS) }),
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
