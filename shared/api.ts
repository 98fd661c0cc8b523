/**
 * The one contract between the renderer and the backend (Electron main via the preload, or the
 * browser-preview server via a WebSocket). Every request and every event that crosses is named
 * here with its types; both transports carry exactly this and validate it on arrival.
 */

import type { CaptureSettings, TracepointGroup } from './capture/capture-settings';

/** What the renderer learns about the backend it talks to, first thing after it starts. */
export interface BackendInfo {
  kind: 'electron' | 'preview';
  version: string;
  /** Electron shows a native open dialog; the browser preview uses a file input instead. */
  nativeOpenDialog: boolean;
  /** Whether this backend can run captures (the capture dialog says why not when perf is missing). */
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

/**
 * A granted file being read. `textUrl`: where the renderer fetches its bytes itself, from the first
 * to the last (the browser preview: `/files/<fileId>/<name>`, read by the parsing worker), and no
 * file events come; null where they arrive as fileChunk events (Electron).
 */
export interface FileReading extends FileGrant {
  textUrl: string | null;
}

/** Where a capture runs: this machine, or a server over SSH (a ServerEntry's id). */
export type TargetRef = { kind: 'local' } | { kind: 'ssh'; serverId: string };

/** A server the capture dialog offers: a Host alias of ~/.ssh/config, or one the user saved (no secrets). */
export interface ServerEntry {
  /** `config:ALIAS` or `saved:ID`. */
  id: string;
  source: 'ssh-config' | 'saved';
  /** What the user calls it: the alias, or user@host:port as typed. */
  name: string;
  /** Where it leads as ssh would resolve it, e.g. `root@10.0.0.5:22 via bastion`. */
  resolved: string;
}

/** A server to save: as the user typed it; `host` may also be a ~/.ssh/config alias. */
export interface ServerSpec {
  host: string;
  port: number | null;
  user: string | null;
  identityFile: string | null;
}

/**
 * A question the backend asks while connecting or starting a capture over SSH. Answer with
 * answerPrompt; null declines. Secrets are held only for that connection, never stored or logged.
 */
export type SshPrompt = { promptId: string; server: string } & (
  /** A server whose host key is in no known_hosts file: accept it (and remember it) or not. */
  | { kind: 'host-key'; host: string; keyType: string; fingerprint: string }
  | { kind: 'secret'; purpose: 'passphrase' | 'password' | 'keyboard-interactive' | 'sudo-password'; message: string; echo: boolean }
);

/** The machine a capture runs on, as the capture dialog needs to know it. */
export interface CaptureTarget {
  /** How the dialog names the target: `this machine`, `root@10.0.0.5`. */
  where: string;
  hostname: string;
  /** Kernel release, `uname -r`. */
  kernel: string;
  /** `perf --version`'s text, or null when perf is not installed. */
  perfVersion: string | null;
  isRoot: boolean;
  /** Not root, but perf can be run as root: through pkexec here, through sudo on a server. */
  canElevate: boolean;
  /** How elevate: true gets root; null where it cannot. */
  elevateWith: 'pkexec' | 'sudo' | null;
  /** The net and skb tracepoints (and others that carry packets), read from the target itself. */
  tracepoints: TracepointGroup[];
  tracepointSource: 'tracefs' | 'perf list' | 'built-in';
  /** Why the list is not the target's own, or why capturing will not work, in plain words. */
  problem: string | null;
}

/** Why a capture failed, in plain words, with what to do and what perf itself said. */
export interface CaptureProblem {
  /**
   * connection: the SSH connection failed or dropped; perf-killed: a signal from outside ended perf
   * mid-capture. Every event received before either is kept.
   */
  kind: 'perf-missing' | 'permission' | 'unknown-tracepoint' | 'command-not-found' | 'perf-failed' | 'perf-killed' | 'start-failed' | 'connection';
  message: string;
  fix: string;
  /** perf's own lines that led to this (not events), for the curious and for bug reports. */
  perfSaid: string;
  /** Running perf through pkexec could get past it. */
  canElevate: boolean;
}

export interface CaptureStarted {
  captureId: string;
  /** The exact command run, quoted for a POSIX shell, to show and copy. */
  commandLine: string;
  /**
   * Where the renderer fetches perf's text itself, from the header on, as it is written, to its end
   * (the browser preview: `/live/<id>/capture.txt`, read by the parsing worker, since a WebSocket's
   * messages cost the page's thread more than all else at a busy capture's rate); no captureChunk
   * events come then. Null where the text arrives as captureChunk events (Electron).
   */
  textUrl: string | null;
}

export interface CaptureEnded {
  captureId: string;
  /**
   * finished: perf ended by itself (its command ended, or its duration was up); stopped: the user
   * stopped it, or its window went; capped: perf printed settings.maxEvents lines, so the backend
   * stopped it as Stop does (everything is kept); interrupted: perf was killed mid-capture, or the
   * SSH connection dropped (problem says which; what arrived is kept); failed: see problem.
   */
  outcome: 'finished' | 'stopped' | 'capped' | 'interrupted' | 'failed';
  exitCode: number | null;
  signal: string | null;
  /** Bytes perf wrote, all of which are kept for saving. */
  bytes: number;
  problem: CaptureProblem | null;
}

export type SaveResult = { kind: 'saved'; name: string } | { kind: 'cancelled' } | { kind: 'download'; url: string; name: string };

/** What the page made and asks the backend to save: it picks the save dialog's filters and the folder offered. */
export type SavePurpose = 'image' | 'session';

/** A trace the backend holds: a granted file as it is on disk now, or a capture of this window that has ended. */
export type HeldTrace = { kind: 'file'; fileId: string } | { kind: 'capture'; captureId: string };

/**
 * saveBytes takes at most this much base64, 192 MiB of file: far more than an exported image or a
 * session needs, and still one message Electron's IPC can carry. More is refused as malformed, so
 * the page should check first and say so (a smaller width or scale).
 */
export const MAX_SAVE_BASE64_CHARS = 256 * 1024 * 1024;

/** A session's header (its `# ` lines, as sessionHeader writes them) is at most this many characters. */
export const MAX_SESSION_HEADER_CHARS = 64 * 1024;

/** listRecent offers at most this many files. */
export const MAX_RECENT_FILES = 10;

export interface ApiRequests {
  hello: { params: Record<string, never>; result: BackendInfo };
  /** Shows the native open dialog; null when the user cancels. */
  showOpenDialog: { params: Record<string, never>; result: FileGrant | null };
  /** Starts streaming a granted file as fileChunk events, then fileEnd or fileError; or offers it at textUrl. */
  readFile: { params: { fileId: string }; result: FileReading };
  /** The servers to offer: ~/.ssh/config's aliases and the saved ones; `problem` when the config could not be read. */
  listServers: { params: Record<string, never>; result: { servers: ServerEntry[]; problem: string | null } };
  /** Remembers a server for next time (host, port, user, key file: never a secret). */
  saveServer: { params: { spec: ServerSpec }; result: ServerEntry };
  forgetServer: { params: { serverId: string }; result: { forgotten: boolean } };
  /**
   * The machine a capture would run on, for the capture dialog. For a server this connects (host
   * key and secrets asked through sshPrompt) and reads the server's own tracepoints.
   */
  captureTarget: { params: { target: TargetRef }; result: CaptureTarget };
  /**
   * Starts perf; its output arrives as captureChunk events, or at textUrl (a `#` header first), the traced
   * command's own output as commandOutput, and captureEnded last. `elevate` runs perf as root:
   * through pkexec here, through sudo on a server (asking for its password if it needs one).
   */
  startCapture: { params: { target: TargetRef; settings: CaptureSettings; elevate: boolean }; result: CaptureStarted };
  /** Answers an sshPrompt: the text asked for, `yes` to accept a host key, or null to decline. */
  answerPrompt: { params: { promptId: string; answer: string | null }; result: { accepted: boolean } };
  /** Stops perf as Ctrl+C would; everything captured so far is kept. */
  stopCapture: { params: { captureId: string }; result: { stopping: boolean } };
  /** Saves a capture as a trace file (header and perf's output, byte for byte): a native dialog, or a download in the preview. */
  saveCapture: { params: { captureId: string; suggestedName: string }; result: SaveResult };
  /**
   * Electron only (check hello's kind first; in the preview the page downloads what it made
   * itself, and this is refused): bytes the page made, written where the user picks in a native
   * save dialog that offers the folder last used for this purpose. Written atomically: a failed
   * write says why and leaves any file already there as it was. A saved session joins the recent files.
   */
  saveBytes: { params: { purpose: SavePurpose; suggestedName: string; base64: string }; result: SaveResult };
  /**
   * Saves a session of a trace the backend holds: `header` (only `# ` lines), then the trace's own
   * bytes without the session lines of an earlier save. A native dialog (saved atomically, and
   * joins the recent files), or a download in the preview.
   */
  saveSession: { params: { trace: HeldTrace; header: string; suggestedName: string }; result: SaveResult };
  /**
   * The files last opened through the backend (dialog, command line, a second launch, this list)
   * and the sessions it saved, most recent first, at most MAX_RECENT_FILES, each still there:
   * fresh grants, read with readFile. Fails in plain words when the list kept on disk is damaged.
   */
  listRecent: { params: Record<string, never>; result: { files: FileGrant[] } };
}

/** A fileChunk carries the text of at most this many bytes of the file (plus up to 3 held back from the one before). */
export const FILE_CHUNK_BYTES = 1024 * 1024;

/**
 * What the application menu asks the renderer to do. Each is the action of the renderer's own
 * shortcut of the same name (the menu shows the key but leaves the key press to the page), so a
 * menu click and a key press do the same thing, once.
 */
export type MenuCommand = 'open' | 'saveSession' | 'exportImage' | 'newCapture' | 'stopCapture' | 'zoomIn' | 'zoomOut' | 'fit' | 'cycleTheme';

export const MENU_COMMANDS: readonly MenuCommand[] = ['open', 'saveSession', 'exportImage', 'newCapture', 'stopCapture', 'zoomIn', 'zoomOut', 'fit', 'cycleTheme'];

export interface ApiEvents {
  /** The backend offers a file to open (a second launch, a menu entry). */
  fileOffered: FileGrant;
  fileChunk: { fileId: string; text: string; bytesRead: number };
  fileEnd: { fileId: string; bytesRead: number };
  fileError: { fileId: string; message: string };
  /**
   * perf's output as it comes (events and perf's own messages), the `#` header first. `bytes`
   * counts perf's bytes up to the end of this text, the header's not included, as in captureEnded.
   */
  captureChunk: { captureId: string; text: string; bytes: number };
  /** What the traced command printed on its standard output. */
  commandOutput: { captureId: string; text: string };
  captureEnded: CaptureEnded;
  /** The backend needs an answer from the user (answerPrompt). */
  sshPrompt: SshPrompt;
  /** A prompt that no longer needs an answer (its connection went, or it timed out). */
  sshPromptClosed: { promptId: string };
  /** An application menu entry was chosen (Electron only; the browser preview has no menu). */
  menuCommand: { command: MenuCommand };
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

export const REQUEST_NAMES: readonly RequestName[] = [
  'hello',
  'showOpenDialog',
  'readFile',
  'listServers',
  'saveServer',
  'forgetServer',
  'captureTarget',
  'startCapture',
  'answerPrompt',
  'stopCapture',
  'saveCapture',
  'saveBytes',
  'saveSession',
  'listRecent',
];
export const EVENT_NAMES: readonly EventName[] = [
  'fileOffered',
  'fileChunk',
  'fileEnd',
  'fileError',
  'captureChunk',
  'commandOutput',
  'captureEnded',
  'sshPrompt',
  'sshPromptClosed',
  'menuCommand',
];

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
