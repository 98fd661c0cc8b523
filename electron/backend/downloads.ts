/**
 * What the browser preview offers for download in place of a save dialog: saved captures
 * (/captures/<id>/<name>) and sessions (/sessions/<id>/<name>), each while the window that asked
 * for it is connected; and, for the page's parsing worker, a running capture's text as it is written
 * (/live/<id>/capture.txt) and the files it opens through the backend (/files/<id>/<name>). Their
 * bytes are read when fetched, so a session of a large file is never copied first.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

export type DownloadKind = 'captures' | 'sessions' | 'live' | 'files';

export interface Download {
  name: string;
  /** The bytes from the first, each time it is fetched, with their count when known beforehand; rejects in plain words. */
  open(): Promise<{ bytes: Readable; size: number | null }>;
}

export class Downloads {
  private readonly offered = new Map<string, Download>();

  /** Offers a download under `id` (a new random one when not given) and returns the address the page fetches it at. */
  offer(kind: DownloadKind, download: Download, id: string = randomBytes(16).toString('hex')): { id: string; url: string } {
    this.offered.set(`${kind}/${id}`, download);
    return { id, url: `/${kind}/${id}/${encodeURIComponent(download.name)}` };
  }

  get(kind: DownloadKind, id: string): Download | null {
    return this.offered.get(`${kind}/${id}`) ?? null;
  }

  withdraw(kind: DownloadKind, id: string): void {
    this.offered.delete(`${kind}/${id}`);
  }
}
