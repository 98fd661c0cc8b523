/**
 * The files last opened through the backend and the sessions it saved, most recent first, kept in
 * `recent.json` in the app's data folder for the empty state and File › Open Recent. Only files
 * that are still there are offered. Remembering is a courtesy: when the list cannot be written
 * (or its file is damaged, which is left for the user to look at) opening and saving go on.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { MAX_RECENT_FILES } from '../../shared/api';
import { array, object, string } from '../../shared/contract/schema';
import { DataFile } from './data-file';

const recentFile = object({ files: array(string({ min: 2, max: 4096, pattern: /^\/[^\0\n]*$/ }), MAX_RECENT_FILES) });

type Listener = (paths: readonly string[]) => void;

export class RecentFiles {
  private readonly file: DataFile<{ files: string[] }>;
  private readonly listeners = new Set<Listener>();
  /** One change at a time, and a list read after a change sees it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = new DataFile(dataDir, 'recent.json', 'The list of recent files', recentFile, 1024 * 1024);
  }

  /** The absolute paths, most recent first, of files still there; rejects in plain words when the list is damaged. */
  list(): Promise<string[]> {
    return this.inTurn(async () => {
      const read = await this.file.read();
      if (read.kind === 'unusable') throw new Error(read.problem);
      return read.kind === 'missing' ? [] : stillThere(read.value.files);
    });
  }

  /** Puts a file first (once); files gone meanwhile leave the list. A list that cannot be kept is not an error. */
  add(path: string): Promise<void> {
    return this.inTurn(async () => {
      if (!isAbsolute(path)) return;
      const read = await this.file.read();
      if (read.kind === 'unusable') return;
      const before = read.kind === 'missing' ? [] : read.value.files;
      const files = (await stillThere([path, ...before.filter((p) => p !== path)])).slice(0, MAX_RECENT_FILES);
      if (files.length === before.length && files.every((p, i) => p === before[i])) return;
      try {
        await this.file.write({ files });
      } catch {
        // The data folder cannot be written (a read-only home): this run simply remembers nothing.
        return;
      }
      for (const listener of this.listeners) listener(files);
    });
  }

  /** Settles once the changes asked for so far are written (or given up). */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** Called with the new list whenever it changes; returns the function that stops it. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** The regular files among `paths`, in order, without repeats. */
async function stillThere(paths: readonly string[]): Promise<string[]> {
  const unique = [...new Set(paths)];
  const present = await Promise.all(unique.map((path) => stat(path).then((info) => info.isFile(), () => false)));
  return unique.filter((_, i) => present[i]);
}
