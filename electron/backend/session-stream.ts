/**
 * A session file as the backend writes it: the page's header lines, then the held trace's bytes as
 * they are, less the session lines of an earlier save (re-saving puts fresh ones in front). Those
 * can only be among the leading `#` lines, so only the start of each leading line is looked at,
 * and the rest of a file of any size streams through untouched, invalid UTF-8 and all.
 */
import type { FileHandle } from 'node:fs/promises';
import { withoutSessionLines } from '../../shared/session/session-file';
import { SourceError } from '../capture/atomic-write';
import { describeReadError } from './file-errors';

const HASH = 0x23;
const NEWLINE = 0x0a;

/**
 * How much of a line's start decides whether it is a session line: far more than the keys
 * (`# skbscope session :`), so the line is never held whole, however long it is.
 */
const LINE_START_BYTES = 256;

/** A leading line's start (up to LINE_START_BYTES, or the whole line) is a session line's. */
function isSessionLineStart(start: Buffer): boolean {
  // Every byte maps to one character and back, and the keys are ASCII.
  return withoutSessionLines(start.toString('latin1')) === '';
}

export async function* withoutOldSessionLines(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // line-start: at the start of a leading line; keep/drop: inside one; rest: past the leading `#` lines.
  let state: 'line-start' | 'keep' | 'drop' | 'rest' = 'line-start';
  // The start of a leading line too short yet to say what it is.
  let held: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    const data = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
    held = Buffer.alloc(0);
    let pos = 0;
    while (pos < data.length) {
      if (state === 'rest') {
        yield data.subarray(pos);
        break;
      }
      if (state === 'line-start') {
        if (data[pos] !== HASH) {
          state = 'rest';
          continue;
        }
        const newline = data.indexOf(NEWLINE, pos);
        const known = (newline < 0 ? data.length : newline + 1) - pos;
        if (newline < 0 && known < LINE_START_BYTES) {
          held = data.subarray(pos);
          break;
        }
        state = isSessionLineStart(data.subarray(pos, pos + Math.min(known, LINE_START_BYTES))) ? 'drop' : 'keep';
      }
      const newline = data.indexOf(NEWLINE, pos);
      const end = newline < 0 ? data.length : newline + 1;
      if (state === 'keep') yield data.subarray(pos, end);
      pos = end;
      if (newline >= 0) state = 'line-start';
    }
  }
  // A last line without a newline, short enough to have been held whole.
  if (held.length > 0 && !isSessionLineStart(held)) yield held;
}

/** The header, then the trace at `path` (open as `trace`) from its start, less old session lines; reading fails as a SourceError. */
export async function* sessionBytes(header: string, trace: FileHandle, path: string): AsyncGenerator<Buffer> {
  yield Buffer.from(header, 'utf8');
  try {
    yield* withoutOldSessionLines(trace.createReadStream({ start: 0, autoClose: false }));
  } catch (err) {
    throw new SourceError(describeReadError(err, path));
  }
}
