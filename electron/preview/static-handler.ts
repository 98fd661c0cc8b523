/** Serves the built renderer over HTTP, to holders of the token only (see access.ts). */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeOf, findStaticFile } from '../static/static-files';
import type { Access } from './access';

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

export function createStaticHandler(rendererDir: string, access: Access) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void serve(rendererDir, access, req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, 'The preview server could not read that file.\n');
      else res.destroy();
    });
  };
}

async function serve(rendererDir: string, access: Access, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Only GET and HEAD are served here.\n', { Allow: 'GET, HEAD' });
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const isPage = url.pathname === '/' || url.pathname === '/index.html';
  if (!(isPage ? access.allowsPage(req, url) : access.allowsAsset(req, url))) return reply(res, 403, FORBIDDEN);

  const found = await findStaticFile(rendererDir, url.pathname);
  if (found.kind === 'bad-path') return reply(res, 400, 'Bad path.\n');
  if (found.kind === 'missing') return reply(res, 404, 'Not found.\n');

  const { size } = await stat(found.path);
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': contentTypeOf(found.path),
    'Content-Length': size,
    ...(isPage ? { 'Set-Cookie': access.setCookie } : {}),
  });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(found.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
