/**
 * The file a session is saved from: a granted file as it is on disk now, or an ended capture's
 * spool. Opened before anything is asked or written, so a file gone or unreadable is said at once.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { SourceError } from '../capture/atomic-write';
import { describeReadError } from './file-errors';

export async function openHeldTrace(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    // Non-blocking, or opening a pipe would wait for a writer; a regular file reads as usual.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new SourceError(describeReadError(err, path));
  }
  const info = await handle.stat();
  if (info.isFile()) return handle;
  await handle.close();
  if (info.isDirectory()) throw new SourceError(describeReadError({ code: 'EISDIR' }, path));
  // A pipe (`skbscope <(perf trace …)`) was read once when it was opened; reading it again would wait forever.
  throw new SourceError(`${path} is not a regular file (a pipe can be read only once), so its session cannot be saved from it. Save the trace to a file, open that file, and save its session.`);
}
