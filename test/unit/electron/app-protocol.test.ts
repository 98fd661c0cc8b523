import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, isAppUrl, serveRendererFile } from '../../../electron/app/app-protocol';
import { fakeRendererBuild, SECRET } from '../../support/preview-harness';

let root: string;
let rendererDir: string;
beforeAll(async () => {
  ({ root, rendererDir } = await fakeRendererBuild());
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('app:// in the Electron window', () => {
  it('serves the renderer’s index and assets with their types', async () => {
    const index = await serveRendererFile(rendererDir, APP_INDEX_URL);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>Skbscope</title>');
    const worker = await serveRendererFile(rendererDir, 'app://skbscope/assets/worker.mjs');
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('makes the page and its workers cross-origin isolated, so the binning worker shares the trace’s memory', async () => {
    for (const url of [APP_INDEX_URL, 'app://skbscope/assets/worker.mjs']) {
      const res = await serveRendererFile(rendererDir, url);
      expect(res.headers.get('cross-origin-opener-policy'), url).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy'), url).toBe('require-corp');
    }
  });

  it('serves nothing outside the renderer folder, and nothing for another host', async () => {
    for (const url of ['app://skbscope/%2e%2e/secret.txt', 'app://skbscope/assets/..%2f..%2fsecret.txt', 'app://skbscope/assets/link-out.txt']) {
      const res = await serveRendererFile(rendererDir, url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain(SECRET);
    }
    expect((await serveRendererFile(rendererDir, 'app://elsewhere/index.html')).status).toBe(404);
    expect((await serveRendererFile(rendererDir, 'app://skbscope/nope.js')).status).toBe(404);
  });

  it('recognises only its own origin as the app', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppUrl('app://skbscope/assets/x.js')).toBe(true);
    for (const url of ['file:///index.html', 'https://skbscope/index.html', 'app://skbscope.evil/index.html', 'not a url']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
