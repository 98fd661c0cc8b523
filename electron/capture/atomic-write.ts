/**
 * Writing a file so that it is either whole or not changed at all: the bytes go to a new temporary
 * file in the target's own folder (a rename cannot cross disks), are forced to disk, and only then
 * renamed over the target. A failure removes the temporary file, leaves any file already at the
 * target as it was, and says why in plain words (see save-errors.ts).
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeSaveError } from './save-errors';

/** A failure of what was being written rather than of the writing (its source could not be read), in its own words. */
export class SourceError extends Error {}

/**
 * Writes `target` through `write`, which gets the temporary file to write to. A new file gets
 * `mode` (less the umask); a file replaced keeps the mode it had. Rejects with plain words.
 */
export async function writeAtomically(target: string, write: (handle: FileHandle) => Promise<void>, mode = 0o666): Promise<void> {
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const replaced = await stat(target).then(
      (info) => (info.isFile() ? info.mode & 0o7777 : null),
      () => null,
    );
    // 'wx': a new file, never through a link someone put there.
    const handle = await open(temporary, 'wx', mode);
    try {
      if (replaced !== null) await handle.chmod(replaced);
      await write(handle);
      // On disk before the rename makes it the file, or a crash could leave an empty one behind.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw new Error(err instanceof SourceError ? `Could not save ${target}: ${err.message} Any file already there was left as it was.` : describeSaveError(err, target));
  }
  await syncFolder(dirname(target));
}

/**
 * The rename is only lasting once the folder is on disk too. Best effort: the file is complete
 * either way, and some filesystems cannot sync a folder.
 */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    // Nothing more can be done, and the save itself succeeded.
  }
}
