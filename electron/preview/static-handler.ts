/**
 * Serves the built renderer over HTTP, and the captures and sessions the page chose to download
 * (/captures/<id>/<name>, /sessions/<id>/<name>), and the text of running captures and of files
 * opened through the backend (/live/<id>/capture.txt, /files/<id>/<name>) for the page's parsing
 * worker, to holders of the token only (see access.ts).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { contentTypeOf, findStaticFile, ISOLATION_HEADERS } from '../static/static-files';
import type { Download, DownloadKind } from '../backend/downloads';
import type { Access } from './access';

/** What saveCapture or saveSession offered for download under this id, or null. */
export type DownloadLookup = (kind: DownloadKind, id: string) => Download | null;

const DOWNLOAD_PATH = /^\/(captures|sessions|live|files)\/([A-Za-z0-9_-]{1,64})\/[^/]+$/;
const WHAT_IS_GONE: Record<DownloadKind, string> = { captures: 'capture', sessions: 'session', live: 'capture', files: 'file' };

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // The page address holds the token: never pass it on to anyone in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  // The page's own CSP lives in a <meta>, which cannot forbid framing; this header can.
  'Content-Security-Policy': "frame-ancestors 'none'",
  ...ISOLATION_HEADERS,
};

const FORBIDDEN =
  'Forbidden. Open the exact address that `npm run web` printed: it includes ?token=… and changes every time the preview starts.\n';

export function createStaticHandler(rendererDir: string, access: Access, downloads: DownloadLookup) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void serve(rendererDir, access, downloads, req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, 'The preview server could not read that file.\n');
      else res.destroy();
    });
  };
}

async function serve(rendererDir: string, access: Access, downloads: DownloadLookup, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Only GET and HEAD are served here.\n', { Allow: 'GET, HEAD' });
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const isPage = url.pathname === '/' || url.pathname === '/index.html';
  if (!(isPage ? access.allowsPage(req, url) : access.allowsAsset(req, url))) return reply(res, 403, FORBIDDEN);

  const path = DOWNLOAD_PATH.exec(url.pathname);
  if (path) {
    const kind = path[1] as DownloadKind;
    const download = downloads(kind, path[2] as string);
    if (!download) return reply(res, 404, `That ${WHAT_IS_GONE[kind]} is no longer here: it goes when its page is closed or reloaded.\n`);
    return sendDownload(req, res, download);
  }

  const found = await findStaticFile(rendererDir, url.pathname);
  if (found.kind === 'bad-path') return reply(res, 400, 'Bad path.\n');
  if (found.kind === 'missing') return reply(res, 404, 'Not found.\n');

  await sendFile(req, res, found.path, {
    'Content-Type': contentTypeOf(found.path),
    ...(isPage ? { 'Set-Cookie': access.setCookie } : {}),
  });
}

async function sendFile(req: IncomingMessage, res: ServerResponse, path: string, headers: Record<string, string>): Promise<void> {
  const { size } = await stat(path);
  send(req, res, createReadStream(path), size, headers);
}

async function sendDownload(req: IncomingMessage, res: ServerResponse, download: Download): Promise<void> {
  let opened: { bytes: Readable; size: number | null };
  try {
    opened = await download.open();
  } catch (err) {
    return reply(res, 500, `${err instanceof Error ? err.message : String(err)}\n`);
  }
  send(req, res, opened.bytes, opened.size, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': contentDisposition(download.name) });
}

/** Streams `bytes` as the answer; without a size beforehand it goes chunked, and a read that fails cuts the answer short. */
function send(req: IncomingMessage, res: ServerResponse, bytes: Readable, size: number | null, headers: Record<string, string>): void {
  res.writeHead(200, { ...COMMON_HEADERS, ...headers, ...(size === null ? {} : { 'Content-Length': size }) });
  if (req.method === 'HEAD') {
    bytes.destroy();
    return void res.end();
  }
  bytes.on('error', () => res.destroy());
  // The reader stops when the browser goes away in the middle.
  res.on('close', () => bytes.destroy());
  bytes.pipe(res);
}

/** `attachment` with the name as plain ASCII for old clients and exactly (RFC 5987) for the rest. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
