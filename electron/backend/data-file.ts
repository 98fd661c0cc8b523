/**
 * A small JSON file the backend keeps in the app's data folder (Electron's userData, or
 * ~/.config/skbscope): checked against its schema when read, since it may have been edited by
 * hand or damaged, and written whole, privately and atomically, so it is never left half-written.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Parser } from '../../shared/contract/schema';
import { writeAtomically } from '../capture/atomic-write';

export type DataRead<T> = { kind: 'missing' } | { kind: 'read'; value: T } | { kind: 'unusable'; problem: string };

export class DataFile<T> {
  readonly path: string;

  /** `what` names the file's content in messages: "The recent files list". */
  constructor(
    private readonly dataDir: string,
    name: string,
    private readonly what: string,
    private readonly schema: Parser<T>,
    private readonly maxBytes: number,
  ) {
    this.path = join(dataDir, name);
  }

  async read(): Promise<DataRead<T>> {
    let text: string;
    try {
      const handle = await open(this.path, 'r');
      try {
        if ((await handle.stat()).size > this.maxBytes) return this.damaged(`it is larger than ${this.maxBytes} bytes`);
        text = await readFile(handle, 'utf8');
      } finally {
        await handle.close();
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      return { kind: 'unusable', problem: `${this.what} (${this.path}) could not be read: ${err instanceof Error ? err.message : String(err)}.` };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.damaged('it is not valid JSON');
    }
    const parsed = this.schema.parse(raw, this.path);
    return parsed.ok ? { kind: 'read', value: parsed.value } : this.damaged(parsed.error);
  }

  /** Replaces the file; rejects in plain words. Readable by its owner only: it names the user's files. */
  async write(value: T): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    await writeAtomically(this.path, (handle) => handle.writeFile(`${JSON.stringify(value, null, 2)}\n`), 0o600);
  }

  private damaged(detail: string): DataRead<T> {
    return { kind: 'unusable', problem: `${this.what} (${this.path}) is damaged: ${detail}. Fix it, or remove it to start afresh.` };
  }
}
