/**
 * The app's log, for a desktop launch where nobody sees stderr: one line per entry in
 * logs/skbscope.log under the user-data folder, rotated to skbscope.1.log … when it grows, so it
 * stays a few megabytes at most. Only what the main process writes about itself goes in (start,
 * versions, failures): never a request's parameters, which may hold a password or passphrase.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface AppLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Where it writes, for the About box and bug reports. */
  readonly path: string;
}

export interface LogLimits {
  /** A file is rotated once it reaches this size. */
  maxBytes: number;
  /** How many rotated files are kept besides the current one. */
  keep: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = { maxBytes: 1024 * 1024, keep: 2 };
/** A longer message is cut: a log line is for a person to read. */
const MAX_MESSAGE_CHARS = 4096;

export function openAppLog(dir: string, limits: LogLimits = DEFAULT_LOG_LIMITS, now: () => Date = () => new Date()): AppLog {
  const path = join(dir, 'skbscope.log');
  let size = sizeOf(path);
  const write = (level: string, message: string): void => {
    const line = `${now().toISOString()} ${level} ${oneLine(message)}\n`;
    try {
      if (size > 0 && size + Buffer.byteLength(line) > limits.maxBytes) {
        rotate(dir, limits.keep);
        size = 0;
      }
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      appendFileSync(path, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      // A log that cannot be written (disk full, folder not ours) must not take the app down.
    }
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
    path,
  };
}

/** An error's message and stack, or whatever was thrown, as text. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/** skbscope.log → skbscope.1.log → … → skbscope.KEEP.log, the oldest dropped. */
function rotate(dir: string, keep: number): void {
  const name = (n: number): string => join(dir, n === 0 ? 'skbscope.log' : `skbscope.${n}.log`);
  rmSync(name(keep), { force: true });
  for (let n = keep - 1; n >= 0; n--) {
    try {
      renameSync(name(n), name(n + 1));
    } catch {
      // That generation does not exist yet.
    }
  }
}

/** Newlines and other control characters escaped, so one entry is one line and cannot fake another. */
function oneLine(message: string): string {
  const cut = message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}… (${message.length} characters)` : message;
  return cut.replace(/[\0-\x1f\x7f]/g, (c) => (c === '\n' ? ' | ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
