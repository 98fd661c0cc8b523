/**
 * Finds the built renderer's files for a URL path, for the preview server and for Electron's app://
 * protocol alike. Nothing outside the root is ever served: `..`, encoded or not, is refused, and so
 * is a symbolic link that leads out.
 */
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

export type StaticLookup = { kind: 'file'; path: string } | { kind: 'bad-path' } | { kind: 'missing' };

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Sent with every file: they make the page cross-origin isolated, the condition for sharing memory
 * with its workers (the trace's times go to the binning worker without a copy). The page loads
 * nothing from elsewhere, so refusing cross-origin resources costs it nothing.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export function contentTypeOf(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export async function findStaticFile(root: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'bad-path' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad-path' };
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return { kind: 'bad-path' };

  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  try {
    const realRoot = await realpath(root);
    const real = await realpath(join(realRoot, relative));
    if (!real.startsWith(realRoot + sep)) return { kind: 'bad-path' };
    return (await stat(real)).isFile() ? { kind: 'file', path: real } : { kind: 'missing' };
  } catch {
    return { kind: 'missing' };
  }
}
