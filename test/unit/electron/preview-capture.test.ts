import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireMessage } from '../../../shared/api';
import { parseEventPayload, parseRequestResult } from '../../../shared/api-validate';
import { type PreviewServer, startPreviewServer } from '../../../electron/preview/preview-server';
import { type FakePerf, makeFakePerf } from '../../support/fake-perf';
import { readFixture } from '../../support/fixtures';
import { expectNoneLeft, markedEnv } from '../../support/processes';
import { exchange, fakeRendererBuild, httpGet, openSocket, originOf, recordMessages } from './preview-harness';

const PING = readFixture('ping-bridge-veth.btf.txt');

let root: string;
let fake: FakePerf;
let server: PreviewServer;
let mark: string;

beforeAll(async () => {
  let rendererDir: string;
  ({ root, rendererDir } = await fakeRendererBuild());
  fake = await makeFakePerf();
  const marked = markedEnv();
  mark = marked.mark;
  server = await startPreviewServer({ port: 0, rendererDir, files: [], version: '1.2.3', captureTarget: { env: await fake.env({ output: PING }, marked.env), eventDirs: [] } });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
  await fake.remove();
});

let nextId = 1;
async function request(ws: import('ws').WebSocket, method: string, params: unknown): Promise<unknown> {
  const reply = await exchange(ws, JSON.stringify({ kind: 'request', id: nextId++, method, params }));
  if (reply.kind !== 'response' || !reply.ok) throw new Error(`${method} failed: ${JSON.stringify(reply)}`);
  return reply.result;
}

function endedIn(messages: WireMessage[]): boolean {
  return messages.some((m) => m.kind === 'event' && m.name === 'captureEnded');
}

describe('a capture in the browser preview', () => {
  it('streams over the WebSocket and downloads from /captures/<id>/<name> to the token holder only', async () => {
    const page = await httpGet(server.port, `/?token=${server.token}`);
    const cookie = (page.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    const ws = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: originOf(server.port) });
    const messages = recordMessages(ws);
    const started = parseRequestResult(
      'startCapture',
      await request(ws, 'startCapture', { settings: { events: ['net:*'], filters: {}, mode: { kind: 'command', argv: ['true'] }, maxEvents: null }, elevate: false }),
    );
    if (!started.ok) throw new Error(started.error);
    const { captureId } = started.value;
    await expect.poll(() => endedIn(messages), { timeout: 10_000 }).toBe(true);

    const events = messages.filter((m): m is Extract<WireMessage, { kind: 'event' }> => m.kind === 'event');
    for (const e of events) expect(parseEventPayload(e.name, e.payload).ok).toBe(true);
    const text = events
      .filter((e) => e.name === 'captureChunk')
      .map((e) => parseEventPayload('captureChunk', e.payload))
      .map((chunk) => (chunk.ok ? chunk.value.text : ''))
      .join('');
    expect(text.endsWith(PING)).toBe(true);

    const saved = parseRequestResult('saveCapture', await request(ws, 'saveCapture', { captureId, suggestedName: 'ping "µ".txt' }));
    const url = `/captures/${captureId}/ping%20%22%C2%B5%22.txt`;
    expect(saved).toEqual({ ok: true, value: { kind: 'download', url, name: 'ping "µ".txt' } });

    const download = await httpGet(server.port, url, { cookie });
    expect(download.status).toBe(200);
    expect(download.body).toBe(text);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="ping ___.txt"; filename*=UTF-8''ping%20%22%C2%B5%22.txt`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');

    expect((await httpGet(server.port, url)).status).toBe(403);
    expect((await httpGet(server.port, `/captures/${'0'.repeat(32)}/x.txt`, { cookie })).status).toBe(404);

    // The capture goes with its page.
    ws.close();
    await expect.poll(async () => (await httpGet(server.port, url, { cookie })).status, { timeout: 5000 }).toBe(404);
    await expectNoneLeft(mark);
  });
});
