/**
 * The folder each kind of file was last saved to, offered by the next save dialog for that kind,
 * this run and the next: kept in `save-folders.json` in the app's data folder. A folder that has
 * gone since is not offered. A file that cannot be read or written only means no folder is
 * remembered across runs; it is replaced on the next save.
 */
import { stat } from 'node:fs/promises';
import { literal, record, string } from '../../shared/contract/schema';
import { DataFile } from './data-file';
import type { SaveKind } from './save-dialog';

const foldersFile = record(literal('capture', 'image', 'session'), string({ min: 1, max: 4096, pattern: /^\/[^\0\n]*$/ }), 3);

export class SaveFolders {
  private readonly file: DataFile<Record<string, string>>;
  /** What this run knows, read from the file once. */
  private folders: Promise<Map<SaveKind, string>> | null = null;

  constructor(dataDir: string) {
    this.file = new DataFile(dataDir, 'save-folders.json', 'The list of folders last saved to', foldersFile, 64 * 1024);
  }

  async get(kind: SaveKind): Promise<string | null> {
    const folder = (await this.known()).get(kind) ?? null;
    if (folder === null) return null;
    return (await stat(folder).then((info) => info.isDirectory(), () => false)) ? folder : null;
  }

  async remember(kind: SaveKind, folder: string): Promise<void> {
    const folders = await this.known();
    if (folders.get(kind) === folder) return;
    folders.set(kind, folder);
    // Remembered for this run whatever happens; across runs when the data folder can be written.
    await this.file.write(Object.fromEntries(folders)).catch(() => undefined);
  }

  private known(): Promise<Map<SaveKind, string>> {
    this.folders ??= this.file.read().then((read) => {
      const folders = new Map<SaveKind, string>();
      if (read.kind !== 'read') return folders;
      for (const kind of ['capture', 'image', 'session'] as const) {
        const folder = read.value[kind];
        if (folder !== undefined) folders.set(kind, folder);
      }
      return folders;
    });
    return this.folders;
  }
}
