import { connect } from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireMessage } from '../../../shared/api';
import { parseEventPayload, parseRequestResult } from '../../../shared/api-validate';
import { type PreviewServer, startPreviewServer } from '../../../electron/preview/preview-server';
import { exchange, fakeRendererBuild, httpGet, openSocket, originOf, recordMessages, SECRET } from '../../support/preview-harness';
import { NO_SERVERS } from '../../support/ssh-home';

const FIXTURE = new URL('../../fixtures/ping-bridge-veth.btf.txt', import.meta.url).pathname;
// The line test/support/preview.ts waits for, applied to the address the server reports.
const READY = /^Skbscope preview: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+))$/;

let root: string;
let rendererDir: string;
let server: PreviewServer;
let missingFile: string;

beforeAll(async () => {
  ({ root, rendererDir } = await fakeRendererBuild());
  missingFile = join(root, 'no-such-trace.txt');
  // NO_SERVERS: what it remembers of the files it opens stays out of the real ~/.config.
  server = await startPreviewServer({ port: 0, rendererDir, files: [FIXTURE, missingFile], version: '1.2.3', servers: NO_SERVERS });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const page = (token = server.token) => `/?token=${token}`;
const socketUrl = (token = server.token) => `ws://127.0.0.1:${server.port}/ws?token=${token}`;

async function cookieFromPage(): Promise<string> {
  const res = await httpGet(server.port, page());
  const setCookie = res.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] ?? '';
}

async function hello(ws: import('ws').WebSocket) {
  const reply = await exchange(ws, JSON.stringify({ kind: 'request', id: 7, method: 'hello', params: {} }));
  if (reply.kind !== 'response' || !reply.ok) throw new Error(`hello failed: ${JSON.stringify(reply)}`);
  const info = parseRequestResult('hello', reply.result);
  if (!info.ok) throw new Error(info.error);
  return info.value;
}

describe('where it listens', () => {
  it('prints an address the test helper and the user can both use', () => {
    expect(`Skbscope preview: ${server.url}`).toMatch(READY);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('listens on 127.0.0.1 only, not on every loopback address', async () => {
    const reached = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host, port: server.port });
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
      });
    expect(await reached('127.0.0.1')).toBe(true);
    // 127.0.0.2 is loopback too: a server bound to 0.0.0.0 would answer there.
    expect(await reached('127.0.0.2')).toBe(false);
  });

  it('explains a port that is taken', async () => {
    await expect(startPreviewServer({ port: server.port, rendererDir, files: [], version: '1' })).rejects.toThrow(
      `Port ${server.port} on 127.0.0.1 is already in use. Stop whatever uses it, or choose another port with --port N (--port 0 picks a free one).`,
    );
  });

  it('says to build first when the renderer is missing', async () => {
    await expect(startPreviewServer({ port: 0, rendererDir: join(root, 'nothing'), files: [], version: '1' })).rejects.toThrow(
      /The built renderer is missing \(.*nothing\/index\.html\): run `npm run build` first\./,
    );
  });

  it('frees its port when closed', async () => {
    const other = await startPreviewServer({ port: 0, rendererDir, files: [], version: '1' });
    const ws = await openSocket(`ws://127.0.0.1:${other.port}/ws?token=${other.token}`, { origin: originOf(other.port) });
    const closed = new Promise((resolve) => ws.once('close', resolve));
    await other.close();
    await closed;
    const again = await startPreviewServer({ port: other.port, rendererDir, files: [], version: '1' });
    await again.close();
  });
});

describe('the page and its files', () => {
  it('refuses the page without the token, or with a wrong one', async () => {
    for (const path of ['/', '/index.html', '/?token=', `/?token=${'0'.repeat(64)}`, `/?token=${server.token}0`]) {
      const res = await httpGet(server.port, path);
      expect(res.status, path).toBe(403);
      expect(res.body).toMatch(/Open the exact address that `npm run web` printed/);
    }
  });

  it('serves the page with the token and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await httpGet(server.port, page());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<title>Skbscope</title>');
    expect(res.headers['set-cookie']).toEqual([`skbscope-preview-${server.port}=${server.token}; HttpOnly; SameSite=Strict; Path=/`]);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves the page’s own files with the cookie, and nothing without it', async () => {
    const cookie = await cookieFromPage();
    expect((await httpGet(server.port, '/assets/app.js')).status).toBe(403);
    expect((await httpGet(server.port, '/assets/app.js', { cookie: 'skbscope-preview-1=nope' })).status).toBe(403);
    const res = await httpGet(server.port, '/assets/app.js', { cookie });
    expect(res.status).toBe(200);
    expect(res.body).toBe('console.log(1)');
    expect((await httpGet(server.port, `/assets/app.js?token=${server.token}`)).status).toBe(200);
    // A wrong token in the address is not rescued by a good cookie.
    expect((await httpGet(server.port, '/assets/app.js?token=00', { cookie })).status).toBe(403);
  });

  it('sends the right Content-Type for each kind of file', async () => {
    const cookie = await cookieFromPage();
    const expected: Record<string, string> = {
      'app.js': 'text/javascript; charset=utf-8',
      'worker.mjs': 'text/javascript; charset=utf-8',
      'style.css': 'text/css; charset=utf-8',
      'engine.wasm': 'application/wasm',
      'icon.svg': 'image/svg+xml',
      'logo.png': 'image/png',
      'sample.txt': 'text/plain; charset=utf-8',
      'data.bin': 'application/octet-stream',
    };
    for (const [name, type] of Object.entries(expected)) {
      const res = await httpGet(server.port, `/assets/${name}`, { cookie });
      expect(res.status, name).toBe(200);
      expect(res.headers['content-type'], name).toBe(type);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // Cross-origin isolated, page and workers alike: the binning worker shares the trace's memory.
      expect(res.headers['cross-origin-opener-policy'], name).toBe('same-origin');
      expect(res.headers['cross-origin-embedder-policy'], name).toBe('require-corp');
    }
  });

  it('answers 404 for a file that is not there, and never lists a folder', async () => {
    const cookie = await cookieFromPage();
    expect((await httpGet(server.port, '/assets/nope.js', { cookie })).status).toBe(404);
    expect((await httpGet(server.port, '/assets/', { cookie })).status).toBe(404);
    expect((await httpGet(server.port, '/assets', { cookie })).status).toBe(404);
  });

  it('never serves anything outside the renderer folder', async () => {
    const cookie = await cookieFromPage();
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..\\secret.txt',
      '/assets/link-out.txt',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const res = await httpGet(server.port, path, { cookie });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain(SECRET);
    }
  });

  it('only serves GET and HEAD', async () => {
    const cookie = await cookieFromPage();
    expect((await httpGet(server.port, '/assets/app.js', { cookie }, 'POST')).status).toBe(405);
    const head = await httpGet(server.port, '/assets/app.js', { cookie }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('14');
    expect(head.body).toBe('');
  });

  it('refuses a request for another host name (DNS rebinding)', async () => {
    expect((await httpGet(server.port, page(), { host: `evil.example:${server.port}` })).status).toBe(403);
  });
});

describe('the WebSocket', () => {
  it('refuses a socket without the token, with a wrong one, or from another origin', async () => {
    const origin = originOf(server.port);
    await expect(openSocket(`ws://127.0.0.1:${server.port}/ws`, { origin })).rejects.toThrow('Unexpected server response: 403');
    await expect(openSocket(socketUrl('ab'.repeat(32)), { origin })).rejects.toThrow('Unexpected server response: 403');
    await expect(openSocket(socketUrl(), { origin: 'http://evil.example' })).rejects.toThrow('Unexpected server response: 403');
    await expect(openSocket(socketUrl(), { origin: `http://127.0.0.1:${server.port + 1}` })).rejects.toThrow('Unexpected server response: 403');
    await expect(openSocket(socketUrl())).rejects.toThrow('Unexpected server response: 403');
    await expect(openSocket(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, { origin })).rejects.toThrow(
      'Unexpected server response: 404',
    );
  });

  it('says hello as the preview, with the command-line files granted', async () => {
    const ws = await openSocket(socketUrl(), { origin: originOf(server.port) });
    const info = await hello(ws);
    expect(info).toMatchObject({ kind: 'preview', version: '1.2.3', nativeOpenDialog: false, captureAvailable: true });
    expect(info.openAtStart.map((g) => g.name)).toEqual(['ping-bridge-veth.btf.txt', 'no-such-trace.txt']);
    ws.close();
  });

  it('offers a granted file at its textUrl, with exactly its bytes, to the token holder only, while its page is connected', async () => {
    const ws = await openSocket(socketUrl(), { origin: originOf(server.port) });
    const [grant] = (await hello(ws)).openAtStart;
    if (!grant) throw new Error('no grant');
    const messages = recordMessages(ws);
    const reply = await exchange(ws, JSON.stringify({ kind: 'request', id: 8, method: 'readFile', params: { fileId: grant.fileId } }));
    const textUrl = `/files/${grant.fileId}/${grant.name}`;
    expect(reply).toEqual({ kind: 'response', id: 8, ok: true, result: { ...grant, textUrl } });
    const fetched = await httpGet(server.port, `${textUrl}?token=${server.token}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toBe(await readFile(FIXTURE, 'utf8'));
    // Its text goes by HTTP only.
    expect(messages.filter((m) => m.kind === 'event')).toEqual([]);
    expect((await httpGet(server.port, textUrl)).status).toBe(403);
    ws.close();
    await expect.poll(async () => (await httpGet(server.port, `${textUrl}?token=${server.token}`)).status).toBe(404);
  });

  it('answers a fetch of a missing command-line file with why, in plain words', async () => {
    const ws = await openSocket(socketUrl(), { origin: originOf(server.port) });
    const grant = (await hello(ws)).openAtStart[1];
    if (!grant) throw new Error('no grant');
    const reply = await exchange(ws, JSON.stringify({ kind: 'request', id: 9, method: 'readFile', params: { fileId: grant.fileId } }));
    if (reply.kind !== 'response' || !reply.ok) throw new Error(`readFile failed: ${JSON.stringify(reply)}`);
    const fetched = await httpGet(server.port, `/files/${grant.fileId}/${grant.name}?token=${server.token}`);
    expect(fetched.status).toBe(500);
    expect(fetched.body).toContain(`${missingFile} does not exist.`);
    ws.close();
  });

  it('answers an unknown file id with a clear error', async () => {
    const ws = await openSocket(socketUrl(), { origin: originOf(server.port) });
    const reply = await exchange(ws, JSON.stringify({ kind: 'request', id: 3, method: 'readFile', params: { fileId: 'f'.repeat(32) } }));
    expect(reply).toEqual({
      kind: 'response',
      id: 3,
      ok: false,
      error: 'That file was not opened in this Skbscope session (unknown file id). Open it again with Open… or by dropping it on the window.',
    });
    ws.close();
  });

  it('answers garbage with an error response and keeps serving', async () => {
    const ws = await openSocket(socketUrl(), { origin: originOf(server.port) });
    const cases: [string | Buffer, number, RegExp][] = [
      ['not json', 0, /^The message is not valid JSON\.$/],
      ['[1,2,3]', 0, /^Invalid message \(message\.kind: expected "request" or "response" or "event", got undefined\)\.$/],
      ['{"kind":"request","id":4,"method":"rm -rf","params":{}}', 4, /^Invalid message \(message\.method: expected "hello" or/],
      ['{"kind":"request","id":5,"method":"readFile","params":{"path":"/etc/passwd"}}', 5, /malformed readFile request/],
      ['{"kind":"request","id":6,"method":"hello","params":{},"extra":1}', 6, /unexpected field "extra"/],
      ['{"kind":"response","id":1,"ok":true,"result":1}', 1, /^Only requests may be sent/],
      ['{"kind":"request","id":-1,"method":"hello","params":{}}', 0, /message\.id/],
      [Buffer.from([1, 2, 3]), 0, /^Binary messages are not understood here/],
    ];
    for (const [text, id, error] of cases) {
      const reply = await exchange(ws, text);
      expect(reply).toMatchObject({ kind: 'response', id, ok: false });
      expect(reply.kind === 'response' && !reply.ok ? reply.error : '').toMatch(error);
    }
    expect((await hello(ws)).kind).toBe('preview');
    ws.close();
  });

  it('drops a socket that sends an oversized message, and the server keeps running', async () => {
    const ws = await openSocket(socketUrl(), { origin: originOf(server.port) });
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.on('error', () => undefined);
    ws.send('x'.repeat(1024 * 1024));
    expect(await closed).toBe(1009);
    const again = await openSocket(socketUrl(), { origin: originOf(server.port) });
    expect((await hello(again)).kind).toBe('preview');
    again.close();
  });
});
