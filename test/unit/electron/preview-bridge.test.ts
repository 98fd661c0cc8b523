/** The renderer's WebSocket bridge and file reader against the real preview server. */
import { readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { BackendBridge } from '../../../shared/api';
import { type PreviewServer, startPreviewServer } from '../../../electron/preview/preview-server';
import { previewSocketUrl } from '../../../renderer/backend/connect';
import { connectWebSocketBridge } from '../../../renderer/backend/websocket-bridge';
import { readBackendFile } from '../../../renderer/loading/read-backend-file';
import type { TraceSink } from '../../../renderer/loading/trace-loader';
import { fakeRendererBuild, originOf } from '../../support/preview-harness';
import { NO_SERVERS } from '../../support/ssh-home';

const FIXTURE = new URL('../../fixtures/tcp-bulk-20MB.btf.txt', import.meta.url).pathname;

let root: string;
let server: PreviewServer;

beforeAll(async () => {
  let rendererDir: string;
  ({ root, rendererDir } = await fakeRendererBuild());
  // NO_SERVERS: what it remembers of the file it opens stays out of the real ~/.config.
  server = await startPreviewServer({ port: 0, rendererDir, files: [FIXTURE], version: '1.2.3', servers: NO_SERVERS });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

/** The bridge as a page served by `server` builds it; Node's ws stands in for the browser's WebSocket. */
function bridgeFor(target: PreviewServer, origin = originOf(target.port)): BackendBridge {
  const url = previewSocketUrl(new URL(target.url));
  if (!url) throw new Error('no socket address for the page');
  return connectWebSocketBridge(url, (u) => {
    const ws = new WebSocket(u, { origin });
    // A browser's socket reports errors as events; ws throws them unless someone listens.
    ws.on('error', () => undefined);
    return ws as unknown as globalThis.WebSocket;
  });
}

function collectingSink() {
  const seen = { text: '', progress: [] as number[], followed: [] as string[], ended: false, failure: null as string | null };
  const sink: TraceSink = {
    chunk: (text, bytesRead) => {
      seen.text += text;
      seen.progress.push(bytesRead);
    },
    follow: (url) => seen.followed.push(url),
    end: () => (seen.ended = true),
    fail: (message) => (seen.failure = message),
  };
  return { sink, seen };
}

describe('the renderer talking to the preview server', () => {
  it('builds the socket address from the page address, and none for other pages', () => {
    expect(previewSocketUrl(new URL('http://127.0.0.1:5000/?token=abc123'))).toBe('ws://127.0.0.1:5000/ws?token=abc123');
    expect(previewSocketUrl(new URL('http://127.0.0.1:5000/'))).toBeNull();
    expect(previewSocketUrl(new URL('http://127.0.0.1:5000/?token=a%26b'))).toBeNull();
    expect(previewSocketUrl(new URL('file:///dist/renderer/index.html?token=abc'))).toBeNull();
  });

  it('has the files named on the command line fetched from the server, byte for byte, not sent over the socket', async () => {
    const bridge = bridgeFor(server);
    const info = await bridge.request('hello', {});
    expect(info).toMatchObject({ kind: 'preview', nativeOpenDialog: false });
    const [grant] = info.openAtStart;
    if (!grant) throw new Error('no grant');
    const { sink, seen } = collectingSink();
    await readBackendFile(bridge, grant, sink);
    expect(seen).toMatchObject({ failure: null, text: '', followed: [`/files/${grant.fileId}/${grant.name}`] });
    const fetched = await fetch(`http://127.0.0.1:${server.port}${seen.followed[0]}?token=${server.token}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toBe(await readFile(FIXTURE, 'utf8'));
  });

  it('fails a read of an unknown file with the server’s words', async () => {
    const bridge = bridgeFor(server);
    const { sink, seen } = collectingSink();
    await readBackendFile(bridge, { fileId: 'e'.repeat(32), name: 'gone.txt', size: 1 }, sink);
    expect(seen.failure).toMatch(/^That file was not opened in this Skbscope session/);
    expect(seen.ended).toBe(false);
  });

  it('rejects a request the server cannot serve (no native dialog in a browser)', async () => {
    await expect(bridgeFor(server).request('showOpenDialog', {})).rejects.toThrow(/^There is no native open dialog here/);
  });

  it('says it could not connect when the server refuses the socket', async () => {
    const bridge = bridgeFor(server, 'http://evil.example');
    await expect(bridge.request('hello', {})).rejects.toThrow(/^Could not connect to the Skbscope preview server\. Is `npm run web` still running\?/);
    // Later requests fail at once, with the same words.
    await expect(bridge.request('hello', {})).rejects.toThrow(/^Could not connect/);
  });

  it('fails requests still waiting when the connection drops, and every later one', async () => {
    // A server that takes the socket and never answers, so the request is surely still waiting.
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => silent.once('listening', resolve));
    silent.on('connection', (ws) => ws.on('message', () => ws.terminate()));
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const bridge = connectWebSocketBridge(`ws://127.0.0.1:${address.port}/ws?token=00`, (u) => {
      const ws = new WebSocket(u);
      ws.on('error', () => undefined);
      return ws as unknown as globalThis.WebSocket;
    });
    await expect(bridge.request('hello', {})).rejects.toThrow(
      'The connection to the Skbscope preview server was lost. Start it again with `npm run web` and open the new address it prints.',
    );
    await expect(bridge.request('hello', {})).rejects.toThrow(/^The connection to the Skbscope preview server was lost/);
    silent.close();
  });
});
