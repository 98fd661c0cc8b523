/** A built-renderer stand-in, a running preview server, and raw HTTP/WebSocket clients for it. */
import { request } from 'node:http';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { WireMessage } from '../../shared/api';

export const SECRET = 'secret outside the renderer folder';

/** A temp folder holding a fake dist/renderer and, next to it, a file that must never be served. */
export async function fakeRendererBuild(): Promise<{ root: string; rendererDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'skbscope-preview-'));
  const rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Skbscope</title>');
  const assets: Record<string, string> = {
    'app.js': 'console.log(1)',
    'worker.mjs': 'export {}',
    'style.css': 'body{}',
    'engine.wasm': '\0asm',
    'icon.svg': '<svg/>',
    'logo.png': 'png',
    'sample.txt': 'text',
    'data.bin': 'bin',
  };
  for (const [name, body] of Object.entries(assets)) await writeFile(join(rendererDir, 'assets', name), body);
  await writeFile(join(root, 'secret.txt'), SECRET);
  await symlink(join(root, 'secret.txt'), join(rendererDir, 'assets', 'link-out.txt'));
  return { root, rendererDir };
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with the path exactly as given (fetch would normalise `..` away before sending). */
export function httpGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', host = '127.0.0.1'): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export function originOf(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** Opens a WebSocket, or rejects with ws's error (e.g. "Unexpected server response: 403"). */
export function openSocket(url: string, headers: { origin?: string; cookie?: string } = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...(headers.origin ? { origin: headers.origin } : {}), headers: headers.cookie ? { cookie: headers.cookie } : {} });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Every message a socket receives, parsed. */
export function recordMessages(ws: WebSocket): WireMessage[] {
  const messages: WireMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as WireMessage));
  return messages;
}

/** Sends raw text and resolves with the next response. */
export function exchange(ws: WebSocket, text: string | Buffer): Promise<WireMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(String(data)) as WireMessage;
      if (message.kind !== 'response') return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.send(text);
  });
}
