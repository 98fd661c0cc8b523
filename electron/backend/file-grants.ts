/**
 * The files the user chose (dialog, command line, menu), each behind an opaque random id: the
 * renderer only ever names a file by an id handed out here, never by a path.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { FileGrant } from '../../shared/api';

export interface GrantedFile {
  fileId: string;
  path: string;
  name: string;
}

export class FileGrants {
  private readonly files = new Map<string, GrantedFile>();

  /**
   * Grants a path, even one that cannot be read now: reading it later reports the problem in
   * words where the user sees it, rather than failing here where nobody would.
   */
  async grant(path: string): Promise<FileGrant> {
    const absolute = resolve(path);
    const file: GrantedFile = {
      fileId: randomBytes(16).toString('hex'),
      path: absolute,
      name: basename(absolute) || absolute,
    };
    this.files.set(file.fileId, file);
    return currentGrant(file);
  }

  get(fileId: string): GrantedFile | undefined {
    return this.files.get(fileId);
  }
}

/** The grant as the renderer sees it, with the size the file has now (0 when it cannot be read). */
export async function currentGrant(file: GrantedFile): Promise<FileGrant> {
  const size = await stat(file.path).then(
    (info) => (info.isFile() ? info.size : 0),
    () => 0,
  );
  return { fileId: file.fileId, name: file.name, size };
}
