/**
 * The app:// origin Electron's window loads the renderer from, rather than file://. A file:// page
 * has the opaque origin "null": its module Worker (the parser) is refused, CSP 'self' means little,
 * and every file on disk counts as the same place. A privileged standard scheme gives the page a real
 * origin that only ever serves dist/renderer, and that the IPC sender check can recognise.
 */
import { readFile } from 'node:fs/promises';
import { contentTypeOf, findStaticFile, ISOLATION_HEADERS } from '../static/static-files';

export const APP_SCHEME = 'app';
const APP_HOST = 'skbscope';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The answer to one app:// request: a file of the built renderer, or a 400/404. */
export async function serveRendererFile(rendererDir: string, requestUrl: string): Promise<Response> {
  if (!isAppUrl(requestUrl)) return new Response('Not found', { status: 404 });
  const found = await findStaticFile(rendererDir, new URL(requestUrl).pathname);
  if (found.kind === 'bad-path') return new Response('Bad path', { status: 400 });
  if (found.kind === 'missing') return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(await readFile(found.path)), {
    headers: { ...ISOLATION_HEADERS, 'Content-Type': contentTypeOf(found.path), 'X-Content-Type-Options': 'nosniff' },
  });
}
