/**
 * Serves the built renderer over HTTP, and captures the page chose to download
 * (/captures/<id>/<name>), to holders of the token only (see access.ts).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeOf, findStaticFile } from '../static/static-files';
import type { CaptureDownload } from '../backend/capture-handlers';
import type { Access } from './access';

/** The capture saveCapture offered for download under this id, or null. */
export type DownloadLookup = (captureId: string) => CaptureDownload | null;

const DOWNLOAD_PATH = /^\/captures\/([0-9a-f]{32})\/[^/]+$/;

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // The page address holds the token: never pass it on to anyone in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  // The page's own CSP lives in a <meta>, which cannot forbid framing; this header can.
  'Content-Security-Policy': "frame-ancestors 'none'",
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

  const download = DOWNLOAD_PATH.exec(url.pathname);
  if (download) {
    const capture = downloads(download[1] as string);
    if (!capture) return reply(res, 404, 'That capture is no longer here: it goes when its page is closed or reloaded.\n');
    return sendFile(req, res, capture.path, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': contentDisposition(capture.name),
    });
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
  res.writeHead(200, { ...COMMON_HEADERS, ...headers, 'Content-Length': size });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
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
