/**
 * The servers a user saved for next time, in `servers.json` in the app's data folder: host, port,
 * user and key file as typed, never a secret. The file is checked when read (it may have been
 * edited by hand, or damaged), written whole to a temporary file and renamed into place, so it is
 * never left half-written, and readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerSpec } from '../../../shared/api';
import { array, integer, nullable, object, type Schema, string } from '../../../shared/contract/schema';

export interface SavedServer extends ServerSpec {
  id: string;
}

const FILE_NAME = 'servers.json';
const MAX_SERVERS = 1000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

const savedServer: Schema<SavedServer> = object({
  id: string({ min: 1, max: 64, pattern: /^[0-9a-f]+$/ }),
  host: string({ min: 1, max: 255, pattern: /^[^\s\0-\x1f]+$/ }),
  port: nullable(integer(1, 65_535)),
  user: nullable(string({ min: 1, max: 255, pattern: /^[^\s\0-\x1f@]+$/ })),
  identityFile: nullable(string({ min: 1, max: 4096, pattern: /^[^\0\n]+$/ })),
});
const serversFile = object({ servers: array(savedServer, MAX_SERVERS) });

export type SavedList = { ok: true; servers: SavedServer[] } | { ok: false; problem: string };

export class SavedServers {
  readonly file: string;
  /** Saves and forgets one at a time, so neither loses the other's change. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(readonly dataDir: string) {
    this.file = join(dataDir, FILE_NAME);
  }

  async list(): Promise<SavedList> {
    let text: string;
    try {
      const handle = await open(this.file, 'r');
      try {
        const { size } = await handle.stat();
        if (size > MAX_FILE_BYTES) return { ok: false, problem: this.damaged('it is far larger than a list of servers') };
        text = await readFile(handle, 'utf8');
      } finally {
        await handle.close();
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, servers: [] };
      return { ok: false, problem: `The saved servers (${this.file}) could not be read: ${err instanceof Error ? err.message : String(err)}.` };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, problem: this.damaged('it is not valid JSON') };
    }
    const parsed = serversFile.parse(raw, 'servers.json');
    return parsed.ok ? { ok: true, servers: parsed.value.servers } : { ok: false, problem: this.damaged(parsed.error) };
  }

  /** The saved entry for `spec`: the one already there when it is the same server. */
  save(spec: ServerSpec): Promise<SavedServer> {
    return this.change((servers) => {
      const same = servers.find((s) => s.host === spec.host && s.port === spec.port && s.user === spec.user && s.identityFile === spec.identityFile);
      if (same !== undefined) return { servers, result: same };
      if (servers.length >= MAX_SERVERS) throw new Error(`At most ${MAX_SERVERS} servers can be saved: forget some first.`);
      const saved: SavedServer = { id: randomBytes(8).toString('hex'), host: spec.host, port: spec.port, user: spec.user, identityFile: spec.identityFile };
      return { servers: [...servers, saved], result: saved };
    });
  }

  forget(id: string): Promise<boolean> {
    return this.change((servers) => {
      const kept = servers.filter((s) => s.id !== id);
      const forgotten = kept.length < servers.length;
      return { servers: forgotten ? kept : servers, result: forgotten };
    });
  }

  private change<T>(edit: (servers: SavedServer[]) => { servers: SavedServer[]; result: T }): Promise<T> {
    const next = this.writing.then(async () => {
      const current = await this.list();
      // A damaged file is left for the user to look at, not overwritten with what could be read.
      if (!current.ok) throw new Error(`${current.problem} Nothing was changed.`);
      const { servers, result } = edit(current.servers);
      if (servers !== current.servers) await this.write(servers);
      return result;
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async write(servers: SavedServer[]): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify({ servers }, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
    } catch (err) {
      await rm(temporary, { force: true });
      throw new Error(`The server could not be saved in ${this.file}: ${err instanceof Error ? err.message : String(err)}.`);
    }
  }

  private damaged(detail: string): string {
    return `The saved servers file ${this.file} is damaged (${detail}). Fix it, or remove it to start a new list.`;
  }
}
