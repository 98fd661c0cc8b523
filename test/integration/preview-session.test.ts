/**
 * Saving in the browser preview, over its WebSocket: a session of a file the backend holds is a
 * download (to the token holder, as an attachment, for as long as its page is connected), made
 * from the file as it is when fetched; bytes the page made are refused, since the page downloads
 * them itself; a session header as long as the contract allows gets through.
 */
import { readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { MAX_SESSION_HEADER_CHARS, type WireMessage } from '../../shared/api';
import { parseRequestResult } from '../../shared/api-validate';
import { sessionHeader } from '../../shared/session/session-file';
import { type PreviewServer, startPreviewServer } from '../../electron/preview/preview-server';
import { readFixture } from '../support/fixtures';
import { exchange, fakeRendererBuild, httpGet, openSocket, originOf } from '../support/preview-harness';
import { NO_SERVERS } from '../support/ssh-home';

const TRACE = readFixture('udp-closed-port-drop.btf.txt');
const OLD = sessionHeader({ range: { startUs: 0, endUs: 1 }, selected: null, hiddenRows: ['eth0'], filters: {} });
const NEW = sessionHeader({ range: { startUs: 5, endUs: 9 }, selected: null, hiddenRows: [], filters: {} });

/** How many of this process's file descriptors are open on `path`. */
function openHere(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

let nextId = 1;
async function ask(ws: WebSocket, method: string, params: unknown): Promise<Extract<WireMessage, { kind: 'response' }>> {
  const reply = await exchange(ws, JSON.stringify({ kind: 'request', id: nextId++, method, params }));
  if (reply.kind !== 'response') throw new Error(`not a response: ${JSON.stringify(reply)}`);
  return reply;
}

describe('saving in the browser preview', () => {
  let root: string;
  let dataDir: string;
  let tracePath: string;
  let server: PreviewServer;

  beforeAll(async () => {
    let rendererDir: string;
    ({ root, rendererDir } = await fakeRendererBuild());
    dataDir = await mkdtemp(join(tmpdir(), 'skbscope-preview-data-'));
    tracePath = join(root, 'udp drop.skbscope');
    writeFileSync(tracePath, OLD + TRACE);
    server = await startPreviewServer({ port: 0, rendererDir, files: [tracePath], version: '1.2.3', servers: { ...NO_SERVERS, dataDir } });
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  async function page(): Promise<{ ws: WebSocket; cookie: string; fileId: string }> {
    const index = await httpGet(server.port, `/?token=${server.token}`);
    const cookie = (index.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    const ws = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: originOf(server.port) });
    const reply = await ask(ws, 'hello', {});
    const hello = parseRequestResult('hello', reply.ok ? reply.result : null);
    if (!hello.ok) throw new Error(hello.error);
    return { ws, cookie, fileId: hello.value.openAtStart[0]?.fileId ?? '' };
  }

  it('offers a session as a download: the header, then the file less its old session lines, while the page is there', async () => {
    const { ws, cookie, fileId } = await page();
    const reply = await ask(ws, 'saveSession', { trace: { kind: 'file', fileId }, header: NEW, suggestedName: 'udp drop µ.skbscope' });
    const saved = parseRequestResult('saveSession', reply.ok ? reply.result : null);
    if (!saved.ok || saved.value.kind !== 'download') throw new Error(`not a download: ${JSON.stringify(reply)}`);
    const { url, name } = saved.value;
    expect(name).toBe('udp drop µ.skbscope');
    expect(url).toMatch(/^\/sessions\/[0-9a-f]{32}\/udp%20drop%20%C2%B5\.skbscope$/);

    const download = await httpGet(server.port, url, { cookie });
    expect(download.status).toBe(200);
    expect(download.body).toBe(NEW + TRACE);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="udp drop _.skbscope"; filename*=UTF-8''udp%20drop%20%C2%B5.skbscope`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    // Made when fetched: the file as it is now.
    writeFileSync(tracePath, OLD + TRACE + TRACE);
    expect((await httpGet(server.port, url, { cookie })).body).toBe(NEW + TRACE + TRACE);
    writeFileSync(tracePath, OLD + TRACE);

    // A HEAD, or a fetch cut short, leaves the file closed again.
    expect((await httpGet(server.port, url, { cookie }, 'HEAD')).status).toBe(200);
    await expect.poll(() => openHere(tracePath), { timeout: 5000 }).toBe(0);
    expect((await httpGet(server.port, url)).status).toBe(403);
    expect((await httpGet(server.port, `/sessions/${'0'.repeat(32)}/x.skbscope`, { cookie })).status).toBe(404);
    ws.close();
    await expect.poll(async () => (await httpGet(server.port, url, { cookie })).status, { timeout: 5000 }).toBe(404);
    expect((await httpGet(server.port, url, { cookie })).body).toBe('That session is no longer here: it goes when its page is closed or reloaded.\n');
  });

  it('refuses saveBytes in words: the page downloads what it made itself', async () => {
    const { ws } = await page();
    expect(await ask(ws, 'saveBytes', { purpose: 'image', suggestedName: 'timeline.png', base64: 'iVBORw0KGgo=' })).toMatchObject({
      ok: false,
      error: 'The browser preview has no save dialog, so it does not save what the page made: the page downloads it itself.',
    });
    ws.close();
  });

  it('takes a header as long as the contract allows, in characters of three UTF-8 bytes', async () => {
    const { ws, cookie, fileId } = await page();
    const header = `# note : ${'€'.repeat(MAX_SESSION_HEADER_CHARS - 10)}\n`;
    expect(header.length).toBe(MAX_SESSION_HEADER_CHARS);
    const reply = await ask(ws, 'saveSession', { trace: { kind: 'file', fileId }, header, suggestedName: 'long.skbscope' });
    const saved = parseRequestResult('saveSession', reply.ok ? reply.result : null);
    if (!saved.ok || saved.value.kind !== 'download') throw new Error(`not a download: ${JSON.stringify(reply).slice(0, 300)}`);
    expect((await httpGet(server.port, saved.value.url, { cookie })).body).toBe(header + TRACE);
    ws.close();
  });
});
